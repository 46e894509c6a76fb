using System.Numerics.Tensors;
using FaceCluster.Analysis;
using FaceCluster.Decoding;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Analysis;

/// <summary>The faceplugin profile: the npm package's face-feature ONNX as set-up installs it, used as it is.</summary>
[Collection(ModelsCollection.Name)]
public sealed class FacepluginProfileTests(InstalledModels installed)
{
    [Trait("Category", "Shared")]
    [SharedDataFact]
    public void Faceplugin_OnRealLfwFaces_PutsEachPersonsTwoPhotosCloserThanAnyTwoPeople()
    {
        // Given the faceplugin profile (its Sha256 is checked when the model loads) and two photos each of three people
        using var models = FaceModels.Load(installed.Settings(), "faceplugin");
        var analyzer = new FaceAnalyzer(models);
        string[] people = ["Aaron_Peirsol", "Abel_Pacheco", "Adrien_Brody"];

        // When the face nearest each photo's centre is embedded
        var embeddings = people.Select(person => new[] { 1, 2 }.Select(n =>
        {
            var image = PhotoDecoder.Default.Load(Path.Combine(TestPaths.LfwImages, person, $"{person}_{n:0000}.jpg"));
            var faces = analyzer.Analyze(image);
            var centre = faces.MinBy(f => f.Box.CentreDistanceSquared(image.Width / 2.0, image.Height / 2.0));
            Assert.NotNull(centre);
            return centre.Embedding;
        }).ToArray()).ToArray();

        // Then every vector is a unit 512-d embedding, and each person's two photos are nearer than any two people's
        Assert.All(embeddings.SelectMany(e => e), e =>
        {
            Assert.Equal(512, e.Length);
            Assert.InRange(TensorPrimitives.Norm(e), 0.9999f, 1.0001f);
        });
        var same = embeddings.Select(e => Squared(e[0], e[1])).Max();
        var different = (from a in Enumerable.Range(0, 3) from b in Enumerable.Range(0, 3) where a < b
                         from i in Enumerable.Range(0, 2) from j in Enumerable.Range(0, 2)
                         select Squared(embeddings[a][i], embeddings[b][j])).Min();
        Assert.True(same < different, $"largest same-person distance {same:0.000}, smallest different-person {different:0.000}");
    }

    private static float Squared(float[] a, float[] b) => TensorPrimitives.Distance(a, b) * TensorPrimitives.Distance(a, b);
}
