namespace FaceCluster.Configuration;

public enum AlignmentKind
{
    /// <summary>
    /// face-api.js's <c>alignDlib</c>: an axis-aligned square from the eye and mouth centres of 68 landmarks, padded to a
    /// square and resized like tfjs. Exactly what face-api.js feeds its recogniser.
    /// </summary>
    FaceApiDlib,

    /// <summary>
    /// A similarity transform (rotation, uniform scale, translation; Umeyama least squares) from five landmarks
    /// (left eye, right eye, nose tip, left and right mouth corner) onto <see cref="EmbedderProfile.Template"/>.
    /// </summary>
    Similarity,

    /// <summary>
    /// dlib's face chip (get_face_chip_details for a 68-point shape, with <see cref="EmbedderProfile.Padding"/>): a
    /// similarity warp of 33 of the 68 landmarks onto dlib's mean face, the kind of chip dlib's own recogniser, the
    /// source of face-api's, was trained and evaluated on.
    /// </summary>
    DlibFaceChip,
}
