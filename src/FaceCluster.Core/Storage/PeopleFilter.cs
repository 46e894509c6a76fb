namespace FaceCluster.Storage;

/// <summary>Which live people a page lists.</summary>
public enum PeopleFilter
{
    /// <summary>Everyone not hidden (the people page).</summary>
    Visible,

    /// <summary>Unnamed people not hidden (the review queue).</summary>
    Unnamed,

    /// <summary>Hidden people only.</summary>
    Hidden,
}
