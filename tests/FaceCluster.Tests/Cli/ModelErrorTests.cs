using FaceCluster.Cli;
using FaceCluster.Models;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Cli;

/// <summary>Every way a model file can be bad gives one clear error line and exit code 3, never a crash or a half-valid file.</summary>
[Collection(ModelsCollection.Name)]
public sealed class ModelErrorTests(InstalledModels installed) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Embed_WithMissingRecogniser_FailsWithOneLineNamingTheFile()
    {
        var models = CopyModels();
        File.Delete(Path.Combine(models, "face_recognition.onnx"));

        var (code, _, error) = await Embed(models);

        Assert.Equal(ExitCodes.ModelError, code);
        AssertOneLine(error, "face_recognition.onnx", "does not exist");
    }

    [Fact]
    public async Task Embed_WithTruncatedRecogniser_FailsWithOneLine()
    {
        var models = CopyModels();
        Truncate(Path.Combine(models, "face_recognition.onnx"));

        var (code, _, error) = await Embed(models);

        Assert.Equal(ExitCodes.ModelError, code);
        AssertOneLine(error, "face_recognition.onnx", "not a loadable ONNX model");
    }

    [Fact]
    public async Task Embed_WithWrongChecksum_FailsWithOneLine()
    {
        var models = CopyModels();

        var (code, _, error) = await Embed(models, new string('0', 64));

        Assert.Equal(ExitCodes.ModelError, code);
        AssertOneLine(error, "face_recognition.onnx", "SHA-256");
    }

    [Fact]
    public async Task ModelsVerify_AfterTruncation_ReportsTheFileAndFails_ThenInstallRepairsIt()
    {
        var models = CopyModels();
        var landmarks = Path.Combine(models, "face_landmark_68.onnx");
        Truncate(landmarks);
        var config = WriteConfig(models);
        var (code, _, error) = await CliRunner.RunAsync("models", "verify", "--config", config);
        Assert.Equal(ExitCodes.ModelError, code);
        AssertOneLine(error, "face_landmark_68.onnx", "SHA-256");

        ModelInstaller.Install(TestPaths.FaceApiWeights, installed.Manifest.SourceSha256, models, force: false, humanModels: InstalledModels.HumanModels);
        var (again, _, _) = await CliRunner.RunAsync("models", "verify", "--config", config);
        Assert.Equal(ExitCodes.Success, again);
        Assert.Empty(Directory.GetFiles(models, "*.tmp"));
    }

    [Fact]
    public async Task Embed_WithUnreadablePhoto_ExitsWithInputError()
    {
        var bad = _temp.File("bad.jpg");
        File.WriteAllBytes(bad, HostileFiles.CorruptJpeg(3));
        var (code, _, error) = await CliRunner.RunAsync("embed", bad, "--config", WriteConfig(installed.Directory));
        Assert.Equal(ExitCodes.InputError, code);
        AssertOneLine(error, "corrupt");
    }

    private string CopyModels()
    {
        var target = Path.Combine(_temp.Path, "models");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(installed.Directory))
        {
            if (!file.Contains("RANDOM-WEIGHTS"))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        return target;
    }

    private string WriteConfig(string models, string? recogniserSha = null)
    {
        var path = _temp.File($"config-{Guid.NewGuid():N}.json");
        var sha = recogniserSha is null ? "" : $$""", "Profiles": { "faceapi": { "Embedder": { "Sha256": "{{recogniserSha}}" } } }""";
        // The float profile, whose recogniser file these tests break.
        File.WriteAllText(path, $$"""{ "ModelsDirectory": "{{models}}", "Profile": "faceapi"{{sha}} }""");
        return path;
    }

    private Task<(int, string, string)> Embed(string models, string? recogniserSha = null) =>
        CliRunner.RunAsync("embed", Path.Combine(TestPaths.SamplePhotos, "sample1.jpg"), "--config", WriteConfig(models, recogniserSha));

    private static void Truncate(string path)
    {
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length / 3).ToArray());
    }

    private static void AssertOneLine(string error, params string[] fragments)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, lines[0]);
        }
    }
}
