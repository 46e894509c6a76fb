using FaceCluster.Configuration;

namespace FaceCluster.Alignment;

public static class FaceAlignerFactory
{
    public static IFaceAligner Create(EmbedderProfile profile, string owner)
    {
        var format = InputFormat.From(profile, owner);
        return profile.Alignment switch
        {
            AlignmentKind.FaceApiDlib => new FaceApiDlibAligner(format),
            AlignmentKind.Similarity => new SimilarityAligner(format, profile.Template!),
            _ => throw new ConfigurationException($"{owner}.Alignment '{profile.Alignment}' is not supported."),
        };
    }
}
