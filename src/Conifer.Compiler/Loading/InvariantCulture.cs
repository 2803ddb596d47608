using System.Globalization;

namespace Conifer.Compiler.Loading;

/// <summary>
/// Runs app code under <see cref="CultureInfo.InvariantCulture"/>: <c>int.Parse</c>,
/// <c>ToString()</c> and string interpolation must give the same text on replay in another
/// process, whatever culture the host machine or thread has.
/// </summary>
internal readonly struct InvariantCulture : IDisposable
{
    private readonly CultureInfo? _culture;
    private readonly CultureInfo? _uiCulture;

    private InvariantCulture(CultureInfo? culture, CultureInfo? uiCulture)
    {
        _culture = culture;
        _uiCulture = uiCulture;
    }

    /// <summary>Switches the current thread to the invariant culture until disposed.</summary>
    public static InvariantCulture Enter()
    {
        var culture = CultureInfo.CurrentCulture;
        var uiCulture = CultureInfo.CurrentUICulture;
        var invariant = CultureInfo.InvariantCulture;
        var changeCulture = !ReferenceEquals(culture, invariant);
        var changeUi = !ReferenceEquals(uiCulture, invariant);
        if (changeCulture)
        {
            CultureInfo.CurrentCulture = invariant;
        }
        if (changeUi)
        {
            CultureInfo.CurrentUICulture = invariant;
        }
        return new(changeCulture ? culture : null, changeUi ? uiCulture : null);
    }

    public void Dispose()
    {
        if (_culture is not null)
        {
            CultureInfo.CurrentCulture = _culture;
        }
        if (_uiCulture is not null)
        {
            CultureInfo.CurrentUICulture = _uiCulture;
        }
    }
}
