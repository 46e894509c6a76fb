namespace FaceCluster.Storage;

/// <summary>The kinds of logged corrections, and how each reads in the log.</summary>
internal static class CorrectionKinds
{
    public const string Name = "name";
    public const string Merge = "merge";
    public const string Deny = "deny";
    public const string Reject = "reject";
    public const string Move = "move";
    public const string Create = "create";
    public const string Hide = "hide";

    public static string Describe(string kind, CorrectionData data) => kind switch
    {
        Name => $"named person {data.Person} \"{data.Name}\"" + (data.PreviousName is null ? "" : $" (was \"{data.PreviousName}\")"),
        Merge => $"merged person {data.Other} into person {data.Person}",
        Deny => $"person {data.Person} and person {data.Other} are different people",
        Reject => $"{Faces(data)} not their person",
        Move => $"moved {Faces(data)} to person {data.Person}",
        Create => $"moved {Faces(data)} to new person {data.Person} \"{data.Name}\"",
        Hide => $"{(data.Hidden ? "hid" : "showed")} person {data.Person}",
        _ => kind,
    };

    private static string Faces(CorrectionData data) => data.Faces.Length == 1 ? $"face {data.Faces[0]}" : $"{data.Faces.Length} faces";
}
