namespace FaceCluster.Storage;

/// <summary>A review filter as SQL both backends understand (people aliased p; hidden is 0 or 1 in both).</summary>
internal static class PeopleFilterSql
{
    public static string Where(PeopleFilter filter) => filter switch
    {
        PeopleFilter.Visible => "p.hidden = 0",
        PeopleFilter.Unnamed => "p.hidden = 0 AND p.name IS NULL",
        _ => "p.hidden = 1",
    };
}
