namespace FaceCluster.Storage;

/// <summary>
/// A library's tables as rows, for <see cref="LibraryCopy"/>: both backends keep the same tables and column names, so
/// a copy moves every row with its ids unchanged. Not part of the storage seam the pipeline uses.
/// </summary>
public interface ILibraryTables
{
    /// <summary>The rows of <paramref name="table"/>, the given columns in order, sorted by the first two columns.</summary>
    IEnumerable<object?[]> ReadRows(string table, IReadOnlyList<string> columns);

    /// <summary>
    /// The highest id each table has ever handed out (deleted rows included), so a copy never hands an id out again.
    /// </summary>
    long IdHighWater(string table);

    /// <summary>True when the library holds no photos, people, runs or settings.</summary>
    bool IsEmpty();

    /// <summary>
    /// Writes all the tables in one transaction (foreign keys checked at the commit, since people may be merged into a
    /// person with a higher id) and sets each table's id high-water mark; a failure leaves the library as it was.
    /// </summary>
    void Import(IReadOnlyList<TableRows> tables);
}

/// <summary>One table's rows on their way from one library to another.</summary>
public sealed record TableRows(string Table, IReadOnlyList<string> Columns, IEnumerable<object?[]> Rows, long IdHighWater);
