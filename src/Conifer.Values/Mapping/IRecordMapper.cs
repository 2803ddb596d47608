namespace Conifer.Values.Mapping;

/// <summary>What <see cref="MapperBuilder"/> needs of a record mapper it created by reflection.</summary>
internal interface IRecordMapper
{
    void Initialize(RecordShape shape, RecordField[] fields);
}
