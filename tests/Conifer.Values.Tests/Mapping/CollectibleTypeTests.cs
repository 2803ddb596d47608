using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Conifer.Values.Lenient;
using Conifer.Values.Mapping;

namespace Conifer.Values.Tests.Mapping;

public class CollectibleTypeTests
{
    [Fact]
    public void Mappers_do_not_keep_an_unloadable_app_assembly_alive()
    {
        var assembly = MapATypeOfACollectibleAssembly();

        for (var i = 0; i < 50 && assembly.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Thread.Sleep(20);
        }

        Assert.False(assembly.IsAlive);
    }

    /// <summary>Defines <c>sealed class Item(string Name)</c> in a collectible assembly, round-trips one through a mapper.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference MapATypeOfACollectibleAssembly()
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("CollectibleApp"), AssemblyBuilderAccess.RunAndCollect);
        var type = assembly.DefineDynamicModule("CollectibleApp").DefineType("App.Item", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class);
        var field = type.DefineField("_name", typeof(string), FieldAttributes.Private | FieldAttributes.InitOnly);
        var getter = type.DefineMethod("get_Name", MethodAttributes.Public | MethodAttributes.SpecialName | MethodAttributes.HideBySig, typeof(string), Type.EmptyTypes);
        var il = getter.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, field);
        il.Emit(OpCodes.Ret);
        type.DefineProperty("Name", PropertyAttributes.None, typeof(string), null).SetGetMethod(getter);
        var constructor = type.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, [typeof(string)]);
        constructor.DefineParameter(1, ParameterAttributes.None, "name");
        il = constructor.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, typeof(object).GetConstructor(Type.EmptyTypes)!);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Stfld, field);
        il.Emit(OpCodes.Ret);
        var item = type.CreateType();

        var mapper = ValueMapper.For(item);
        var back = Assert.IsType<LenientResult<object?>.Fits>(mapper.Deserialize(mapper.Serialize(Activator.CreateInstance(item, "hello"))));

        Assert.Equal(Stored.Record(("Name", Stored.Str("hello"))), mapper.ToValue(back.Value));
        return new WeakReference(assembly);
    }
}
