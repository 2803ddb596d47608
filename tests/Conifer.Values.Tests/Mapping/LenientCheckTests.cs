using System.Collections.Immutable;
using static Conifer.Values.Tests.Mapping.Stored;

namespace Conifer.Values.Tests.Mapping;

public class LenientCheckTests
{
    [Fact]
    public void Extra_stored_fields_are_ignored()
    {
        var point = Fits<Point>(Record(("X", Int(1)), ("Z", Str("gone")), ("Y", Int(2))));

        Assert.Equal(new Point(1, 2), point);
    }

    [Fact]
    public void An_ignored_stored_field_is_reported_with_its_path_and_a_preview()
    {
        Assert.Equal(
            ["$.Z: stored \"gone\", ignored (the type has no such field)"],
            Ignored<Point>(Record(("X", Int(1)), ("Z", Str("gone")), ("Y", Int(2)))));
    }

    [Fact]
    public void A_field_ignored_in_every_list_item_is_one_entry_with_its_count()
    {
        var stored = List(
            Record(("X", Int(1)), ("Y", Int(2)), ("Note", Str("a"))),
            Record(("X", Int(3)), ("Y", Int(4)), ("Note", Str("b"))));

        Assert.Equal(
            ["$[*].Note: ignored in 2 places (the type has no such field), e.g. $[0].Note = \"a\""],
            Ignored<ImmutableArray<Point>>(stored));
    }

    [Fact]
    public void A_record_that_declares_every_stored_field_ignores_nothing()
    {
        Assert.Empty(Ignored<Point>(Record(("X", Int(1)), ("Y", Int(2)))));
    }

    [Fact]
    public void A_type_field_missing_from_the_store_is_a_mismatch()
    {
        Assert.Equal(["$.Y: stored record without field 'Y', expected int"], Mismatches<Point>(Record(("X", Int(1)))));
    }

    [Fact]
    public void A_stored_enum_tag_the_type_lacks_is_a_mismatch_listing_the_members()
    {
        Assert.Equal(
            ["$[1]: stored Tagged \"Owner\", expected one of Admin, Member, Guest"],
            Mismatches<ImmutableArray<Role>>(List(Tagged("Admin"), Tagged("Owner"))));
    }

    [Fact]
    public void Tags_the_type_has_but_the_data_never_uses_are_fine()
    {
        Assert.Equal([Role.Guest], Fits<ImmutableArray<Role>>(List(Tagged("Guest"))).ToArray());
    }

    [Fact]
    public void A_stored_union_case_the_type_lacks_is_a_mismatch_listing_the_cases()
    {
        Assert.Equal(
            ["$: stored Tagged \"Triangle\", expected one of Circle, Rect, Dot"],
            Mismatches<Shape>(Tagged("Triangle", ("Side", Int(3)))));
    }

    [Fact]
    public void A_union_case_field_appears_in_the_path_after_the_union_value()
    {
        Assert.Equal(
            ["$[0].Radius: stored Tagged \"Circle\" without field 'Radius', expected double",
             "$[1].Height: stored String \"tall\", expected double"],
            Mismatches<ImmutableList<Shape>>(List(Tagged("Circle"), Tagged("Rect", ("Width", Int(1)), ("Height", Str("tall"))))));
    }

    [Fact]
    public void A_union_case_without_fields_reads_back()
    {
        Assert.Equal(new Shape.Dot(), Fits<Shape>(Tagged("Dot")));
    }

    [Fact]
    public void An_empty_list_or_dictionary_fits_any_item_type()
    {
        Assert.Empty(Fits<ImmutableList<Point>>(List()));
        Assert.Empty(Fits<ImmutableDictionary<Point, Shape>>(Dict()));
        Assert.Empty(Fits<Org>(Record(("Users", Dict()))).Users);
    }

    [Fact]
    public void Null_fits_a_nullable_and_not_a_non_nullable()
    {
        Assert.Equal(new Contact("a", null, null), Fits<Contact>(Record(("Name", Str("a")), ("Email", Null), ("Age", Null))));
        Assert.Equal(
            ["$.Name: stored Null, expected string"],
            Mismatches<Contact>(Record(("Name", Null), ("Email", Null), ("Age", Null))));
    }

    [Fact]
    public void A_nullable_field_still_has_to_be_stored()
    {
        Assert.Equal(
            ["$.Email: stored record without field 'Email', expected string or null"],
            Mismatches<Contact>(Record(("Name", Str("a")), ("Age", Int(3)))));
    }

    [Fact]
    public void An_int_fits_integer_types_in_range_only()
    {
        Assert.Equal(255, Fits<byte>(Int(255)));
        Assert.Equal(["$: stored Int 300, expected byte in 0..255"], Mismatches<byte>(Int(300)));
        Assert.Equal(["$: stored Int -1, expected uint in 0..4294967295"], Mismatches<uint>(Int(-1)));
        Assert.Equal(long.MinValue, Fits<long>(Int(long.MinValue)));
    }

    [Fact]
    public void An_int_fits_float_and_decimal_types_when_exact()
    {
        Assert.Equal(3.0, Fits<double>(Int(3)));
        Assert.Equal(3m, Fits<decimal>(Int(3)));
        Assert.Equal(16_777_216f, Fits<float>(Int(16_777_216)));
        Assert.Equal(["$: stored Int 9007199254740993, expected double (exact)"], Mismatches<double>(Int(9_007_199_254_740_993)));
        Assert.Equal(["$: stored Int 16777217, expected float (exact)"], Mismatches<float>(Int(16_777_217)));
    }

    [Fact]
    public void A_float_fits_only_float_types()
    {
        Assert.Equal(["$: stored Float 1.5, expected int"], Mismatches<int>(new Value.Float(1.5)));
        Assert.Equal(["$: stored Float 1.5, expected decimal"], Mismatches<decimal>(new Value.Float(1.5)));
        Assert.Equal(0.5f, Fits<float>(new Value.Float(0.5)));
        Assert.Equal(["$: stored Float 0.1, expected float (exact)"], Mismatches<float>(new Value.Float(0.1)));
    }

    [Fact]
    public void A_string_that_does_not_parse_is_a_mismatch()
    {
        Assert.Equal(
            ["$.Id: stored String \"not-a-guid\", expected Guid",
             "$.At: stored String \"yesterday\", expected DateTimeOffset"],
            Mismatches<Stamp>(Record(("Id", Str("not-a-guid")), ("At", Str("yesterday")))));
        Assert.Equal(["$: stored String \"ab\", expected char"], Mismatches<char>(Str("ab")));
    }

    [Fact]
    public void A_kind_mismatch_names_both_kinds()
    {
        Assert.Equal(["$: stored List, expected record Point"], Mismatches<Point>(List(Int(1))));
        Assert.Equal(["$: stored Record, expected list of int"], Mismatches<ImmutableList<int>>(Record()));
        Assert.Equal(["$: stored Tagged \"Admin\", expected string"], Mismatches<string>(Tagged("Admin")));
        Assert.Equal(["$: stored Bool true, expected union Shape"], Mismatches<Shape>(Value.Bool.True));
        Assert.Equal(["$: stored Decimal 1.50, expected enum Role"], Mismatches<Role>(new Value.Decimal(1.50m)));
        Assert.Equal(["$: stored List, expected dict of string to int"], Mismatches<ImmutableDictionary<string, int>>(List()));
    }

    [Fact]
    public void Long_strings_are_shortened_in_the_stored_text()
    {
        Assert.Equal(
            ["$: stored String \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\", expected int"],
            Mismatches<int>(Str(new string('a', 100))));
    }

    [Fact]
    public void A_dictionary_key_that_does_not_fit_is_reported_at_the_key()
    {
        Assert.Equal(
            ["$[key \"a\"]: stored String \"a\", expected int"],
            Mismatches<ImmutableDictionary<int, string>>(Dict((Str("a"), Str("x")), (Int(2), Str("y")))));
    }

    [Fact]
    public void Non_string_dictionary_keys_render_as_literals_in_paths()
    {
        Assert.Equal(
            ["$[{X: 1, Y: 2}]: stored Int 5, expected list of int"],
            Mismatches<ImmutableDictionary<Point, ImmutableList<int>>>(Dict((Record(("X", Int(1)), ("Y", Int(2))), Int(5)))));
        Assert.Equal(
            ["$[7]: stored Null, expected string"],
            Mismatches<ImmutableSortedDictionary<int, string>>(Dict((Int(7), Null))));
    }

    [Fact]
    public void Every_mismatch_is_reported_not_just_the_first()
    {
        var stored = Record(("Users", Dict(
            (Str("root"), Record(("Name", Int(5)), ("Roles", List(Tagged("Owner"), Tagged("Admin"), Tagged("Boss"))))),
            (Str("guest"), Record(("Name", Str("g")), ("Roles", List()), ("Age", Str("x")))))));

        Assert.Equal(
            [
                "$.Users[\"root\"].Name: stored Int 5, expected string",
                "$.Users[\"root\"].Roles[0]: stored Tagged \"Owner\", expected one of Admin, Member, Guest",
                "$.Users[\"root\"].Roles[2]: stored Tagged \"Boss\", expected one of Admin, Member, Guest",
                "$.Users[\"root\"].Age: stored record without field 'Age', expected int",
                "$.Users[\"guest\"].Age: stored String \"x\", expected int",
            ],
            Mismatches<Org>(stored));
    }

    [Fact]
    public void A_mismatch_carries_path_stored_and_expected_separately()
    {
        var result = Assert.IsType<Conifer.Values.Lenient.LenientResult<Point>.Mismatches>(Read<Point>(Record(("X", Str("1")), ("Y", Int(2)))));

        Assert.Equal(new Conifer.Values.Lenient.Mismatch("$.X", "String \"1\"", "int"), Assert.Single(result.All));
    }
}
