namespace FaceCluster.Cli.Serve;

/// <summary>What every page of the review shares: its options, the way into the library, the page frame and the caches.</summary>
public sealed record ReviewServices(ServeOptions Options, LibraryGate Gate, HtmlPage Page, ThumbnailCache Thumbnails, NearestPeopleCache Nearest);
