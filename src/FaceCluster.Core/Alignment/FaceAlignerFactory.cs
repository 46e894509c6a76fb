using FaceCluster.Configuration;

namespace FaceCluster.Alignment;

public static class FaceAlignerFactory
{
    public static IFaceAligner Create(EmbedderProfile profile, InputFormat format, string owner) => profile.Alignment switch
    {
        AlignmentKind.FaceApiDlib => new FaceApiDlibAligner(format),
        AlignmentKind.Similarity => new SimilarityAligner(format, profile.Template!),
        AlignmentKind.DlibFaceChip => new SimilarityAligner(format, DlibFaceChip.Template(profile.InputSize, profile.Padding), DlibFaceChip.TemplatePoints),
        _ => throw new ConfigurationException($"{owner}.Alignment '{profile.Alignment}' is not supported."),
    };
}
