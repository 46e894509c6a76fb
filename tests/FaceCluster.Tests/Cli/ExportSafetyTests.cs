using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using FaceCluster.Cli;
using FaceCluster.Export;
using FaceCluster.Storage;
using FaceCluster.Tests.Storage;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Cli;

/// <summary>Exports never overwrite the library, never leave a half-written file, and are safe to open.</summary>
public sealed class ExportSafetyTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Db => _temp.File("lib.db");

    public static TheoryData<string> LibraryFileNames => new()
    {
        "lib.db", "lib.db-wal", "lib.db-shm", "lib.db-journal", "lib.db.lock", "lib.db.lock.owner",
        "lib.db.faceapi.usearch", "lib.db.faceapi.usearch.json", "sub/../lib.db",
    };

    [Theory]
    [MemberData(nameof(LibraryFileNames))]
    public async Task Export_OutIsALibraryFile_IsRefusedAndTheLibraryKept(string name)
    {
        CreateLibrary(faces: 3).Dispose();
        Directory.CreateDirectory(_temp.File("sub"));
        await AssertRefusedAsync(Path.Combine(_temp.Path, name));
    }

    [Fact]
    public async Task Export_OutIsALinkToTheLibrary_IsRefused()
    {
        CreateLibrary(faces: 3).Dispose();
        var elsewhere = _temp.File("elsewhere");
        Directory.CreateDirectory(elsewhere);
        File.CreateSymbolicLink(Path.Combine(elsewhere, "symlink.html"), Db);
        using (var ln = Process.Start("ln", [Db, Path.Combine(elsewhere, "hardlink.html")]))
        {
            Assert.True(ln.WaitForExit(TimeSpan.FromSeconds(30)) && ln.ExitCode == 0, "ln failed");
        }

        Directory.CreateSymbolicLink(_temp.File("folder-link"), _temp.Path);
        File.CreateSymbolicLink(Path.Combine(elsewhere, "to-journal.html"), Db + "-journal");

        await AssertRefusedAsync(Path.Combine(elsewhere, "symlink.html"));
        await AssertRefusedAsync(Path.Combine(elsewhere, "hardlink.html"));
        await AssertRefusedAsync(Path.Combine(_temp.File("folder-link"), "lib.db"));
        await AssertRefusedAsync(Path.Combine(_temp.File("folder-link"), "lib.db-wal"));
        await AssertRefusedAsync(Path.Combine(elsewhere, "to-journal.html"));
        Assert.False(File.Exists(Db + "-journal"));
    }

    [Fact]
    public async Task Export_OutIsADirectory_SaysSoWithExitCode2()
    {
        CreateLibrary(faces: 1).Dispose();
        var folder = _temp.File("exports");
        Directory.CreateDirectory(folder);

        foreach (var outPath in new[] { folder, folder + "/", _temp.File("not-yet") + "/" })
        {
            var result = await CliRunner.RunAsync("export", "--format", "json", "--out", outPath, "--db", Db);

            Assert.Equal(ExitCodes.Usage, result.ExitCode);
            Assert.Contains("is a directory; give a file name", result.Error);
        }
    }

    [Fact]
    public async Task Export_ThroughALinkToAnEarlierExport_ReplacesTheExportAndKeepsTheLink()
    {
        CreateLibrary(faces: 2).Dispose();
        var real = _temp.File("real.json");
        File.WriteAllText(real, "old");
        var link = _temp.File("link.json");
        File.CreateSymbolicLink(link, real);

        Assert.Equal(ExitCodes.Success, (await CliRunner.RunAsync("export", "--format", "json", "--out", link, "--db", Db)).ExitCode);

        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Contains("\"unassigned\"", File.ReadAllText(real));
    }

    [Fact]
    public void ExportFile_WriteFailsMidway_KeepsThePreviousExportAndRemovesTheTemporaryFile()
    {
        using var store = CreateLibrary(faces: 50);
        var export = LibraryExport.Read(store, "faceapi");
        var folder = _temp.File("exports");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "people.json");
        File.WriteAllText(path, "the previous export");

        foreach (var format in ExportFile.Formats)
        {
            var error = Assert.Throws<IOException>(() => ExportFile.Write(export, format, path, t => new FailingStream(new FileStream(t, FileMode.CreateNew), 1000)));

            Assert.Contains("No space left", error.Message);
            Assert.Equal("the previous export", File.ReadAllText(path));
            Assert.Equal([path], Directory.GetFiles(folder));
        }
    }

    [Fact]
    public void Export_KilledMidwayByAFileSizeLimit_LeavesThePreviousExportIntact()
    {
        CreateLibrary(faces: 1500).Dispose();
        var path = _temp.File("people.json");
        File.WriteAllText(path, "the previous export");

        // ulimit -f: the kernel stops the write at 64 KiB (SIGXFSZ), a real failure in the middle of the export.
        // W^X off for the JIT build: the runtime's double-mapped code heap would itself exceed the limit.
        var start = new ProcessStartInfo("bash", ["-c", "ulimit -f 64; exec \"$@\"", "bash", .. TestProgram.CommandLine("export", "--format", "json", "--out", path, "--db", Db)])
        {
            RedirectStandardError = true,
            Environment = { ["DOTNET_EnableWriteXorExecute"] = "0" },
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "export did not finish");

        Assert.True(process.ExitCode != 0, $"the export should have hit the file size limit: {stderr}");
        Assert.Equal("the previous export", File.ReadAllText(path));
    }

    [Fact]
    public async Task Csv_NamesAndPathsThatLookLikeFormulas_StayText()
    {
        var names = new[] { "=HYPERLINK(\"http://evil\",\"x\")", "+1+2", "-3", "@SUM(A1)", "\tTab", "\rReturn", "Ada, \"the\" first" };
        using (var store = SqliteFaceStore.Open(Db))
        {
            store.SaveOutcomes(names.Select((_, i) => StoreTestData.Photo($"=cmd{i}.jpg", 1, seed: i)).ToList(), runId: 1);
            var faces = store.ReadFaces("faceapi").Select(f => f.Id).ToList();
            var people = store.ApplyGrouping("faceapi", faces.Select(f => new PersonAssignment(null, [f])).ToList());
            for (var i = 0; i < names.Length; i++)
            {
                store.NamePerson(people[i], names[i]);
            }
        }

        var csv = _temp.File("people.csv");
        Assert.Equal(ExitCodes.Success, (await CliRunner.RunAsync("export", "--format", "csv", "--out", csv, "--db", Db)).ExitCode);

        var text = File.ReadAllText(csv);
        foreach (var name in names)
        {
            var cell = name.Replace("\"", "\"\"", StringComparison.Ordinal);
            Assert.Contains(name[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? $",\"'{cell}\"," : $",\"{cell}\",", text);
        }

        Assert.Equal(names.Length, CountOf(text, "\"'=cmd"));
        Assert.DoesNotContain(",=", text);
    }

    [Fact]
    public async Task Html_NamesAndFileNamesWithARightToLeftOverride_AreIsolated()
    {
        const string name = "\u202EevilgpJ.exe";
        var photo = _temp.File("\u202Eabc.jpg");
        File.Copy(Directory.GetFiles(TestPaths.SamplePhotos).Order(StringComparer.Ordinal).First(), photo);
        using (var store = SqliteFaceStore.Open(Db))
        {
            store.SaveOutcomes([StoreTestData.Photo(photo, 2)], runId: 1);
            var people = store.ApplyGrouping("faceapi", [new PersonAssignment(null, store.ReadFaces("faceapi").Select(f => f.Id).ToList())]);
            store.NamePerson(people[0], name);
        }

        var html = _temp.File("gallery.html");
        Assert.Equal(ExitCodes.Success, (await CliRunner.RunAsync("export", "--format", "html", "--out", html, "--db", Db)).ExitCode);

        var page = File.ReadAllText(html);
        Assert.Contains($"<h2><bdi>{WebUtility.HtmlEncode(name)}</bdi> (person ", page);
        Assert.Equal(4, CountOf(page, WebUtility.HtmlEncode($" in \u2068{Path.GetFileName(photo)}\u2069") + "\""));
        Assert.Equal(2, CountOf(page, "data:image/jpeg;base64,"));
    }

    private async Task AssertRefusedAsync(string outPath)
    {
        var before = Hash(Db);
        var result = await CliRunner.RunAsync("export", "--format", "html", "--out", outPath, "--db", Db);

        Assert.True(result.ExitCode == ExitCodes.Usage, $"{outPath}: exit {result.ExitCode} {result.Error}");
        Assert.Contains("a file of the library", result.Error);
        Assert.Equal(before, Hash(Db));
        Assert.Equal(ExitCodes.Success, (await CliRunner.RunAsync("status", "--db", Db)).ExitCode);
    }

    private SqliteFaceStore CreateLibrary(int faces)
    {
        var store = SqliteFaceStore.Open(Db);
        store.SaveOutcomes(Enumerable.Range(0, faces).Select(i => StoreTestData.Photo($"/photos/{i}.jpg", 1, seed: i)).ToList(), runId: 1);
        store.Checkpoint();
        return store;
    }

    private static int CountOf(string text, string fragment) => (text.Length - text.Replace(fragment, "", StringComparison.Ordinal).Length) / fragment.Length;

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>A file stream that fails like a full disk once <paramref name="limit"/> bytes are written.</summary>
    private sealed class FailingStream(Stream inner, long limit) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_written + buffer.Length > limit)
            {
                throw new IOException("No space left on device");
            }

            inner.Write(buffer);
            _written += buffer.Length;
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
