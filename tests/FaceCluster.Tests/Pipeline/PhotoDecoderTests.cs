using System.Diagnostics;
using FaceCluster.Decoding;
using FaceCluster.Imaging;
using FaceCluster.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceCluster.Tests.Pipeline;

/// <summary>What the decoder says about files and decoders that misbehave, and that hardening kept EXIF orientation.</summary>
public sealed class PhotoDecoderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<Exception, string> Failures => new()
    {
        { new OutOfMemoryException("Array dimensions exceeded supported range."), "not enough memory to decode the image" },
        { new NullReferenceException("Object reference not set"), "decoder error (NullReferenceException): Object reference not set" },
        { new IndexOutOfRangeException("Index was outside the bounds"), "decoder error (IndexOutOfRangeException): Index was outside the bounds" },
        { new InvalidImageContentException("bad Huffman table"), "corrupt image: bad Huffman table" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Decode_ThatThrows_IsDescribedByWhatWentWrong(Exception thrown, string reason)
    {
        var error = Assert.Throws<ImageLoadException>(() => PhotoDecoder.DecodeWithin(TimeSpan.FromSeconds(30), _ => throw thrown));

        Assert.Equal(reason, error.Message);
    }

    [Fact]
    public void Decode_ThatOverruns_IsCancelledAndItsLateExceptionObserved()
    {
        // Given a decode that runs until it is cancelled and then fails
        var unobserved = new List<Exception>();
        EventHandler<UnobservedTaskExceptionEventArgs> record = (_, e) =>
        {
            lock (unobserved)
            {
                unobserved.AddRange(e.Exception.InnerExceptions);
            }
        };
        TaskScheduler.UnobservedTaskException += record;
        try
        {
            using var ended = new ManualResetEventSlim();
            var sawCancellation = false;

            // When it overruns the limit
            var error = Assert.Throws<ImageLoadException>(() => PhotoDecoder.DecodeWithin(TimeSpan.FromMilliseconds(100), token =>
            {
                sawCancellation = token.WaitHandle.WaitOne(TimeSpan.FromSeconds(20));
                ended.Set();
                throw new InvalidOperationException("late failure of an abandoned decode");
            }));

            // Then the caller hears of the timeout, the decode is told to stop, and its failure is not left unobserved
            Assert.Contains("took longer", error.Message);
            Assert.True(ended.Wait(TimeSpan.FromSeconds(20)), "the abandoned decode never ended");
            Assert.True(sawCancellation, "the abandoned decode was not cancelled");
            Thread.Sleep(200);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            lock (unobserved)
            {
                Assert.DoesNotContain(unobserved, e => e.Message == "late failure of an abandoned decode");
            }
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= record;
        }
    }

    [Fact]
    public void Decode_WhenTheRunIsCancelled_StopsAtOnce()
    {
        using var run = new CancellationTokenSource();
        var sawCancellation = false;
        run.CancelAfter(TimeSpan.FromMilliseconds(100));
        var watch = Stopwatch.StartNew();

        Assert.ThrowsAny<OperationCanceledException>(() => PhotoDecoder.DecodeWithin(TimeSpan.FromSeconds(60), token =>
        {
            sawCancellation = token.WaitHandle.WaitOne(TimeSpan.FromSeconds(20));
            token.ThrowIfCancellationRequested();
            return new RgbImage(1, 1, new byte[3]);
        }, run.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "the cancelled run waited for the decode");
        SpinWait.SpinUntil(() => sawCancellation, TimeSpan.FromSeconds(20));
        Assert.True(sawCancellation, "the decode was not told to stop");
    }

    public static TheoryData<string> OrientedFormats => ["jpeg", "webp", "tiff"];

    [Theory]
    [MemberData(nameof(OrientedFormats))]
    public void Decode_ExifOrientation_IsApplied(string format)
    {
        // Given a 40x20 image whose EXIF says "rotate 90° clockwise to display"
        using var image = new Image<Rgb24>(40, 20);
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        // TIFF writes the tag into the frame's directory, from the frame's profile
        image.Frames.RootFrame.Metadata.ExifProfile = image.Metadata.ExifProfile.DeepClone();
        using var encoded = new MemoryStream();
        IImageEncoder encoder = format switch
        {
            "jpeg" => new JpegEncoder(),
            "webp" => new WebpEncoder(),
            _ => new TiffEncoder(),
        };
        image.Save(encoded, encoder);

        // When decoded, it comes out upright: 20x40
        var decoded = PhotoDecoder.Default.Decode(encoded.ToArray());

        Assert.Equal((20, 40), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task Read_Fifo_FailsAtOnceWithoutOpeningIt()
    {
        var fifo = _temp.File("pipe.jpg");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [fifo]))!)
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var read = Task.Run(() => PhotoDecoder.Default.Read(fifo));

        // Opening a FIFO blocks until a writer comes; a regression fails here instead of hanging the suite.
        Assert.True(await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(10))) == read, "reading a FIFO blocked");
        var error = await Assert.ThrowsAsync<ImageLoadException>(() => read);
        Assert.Equal("not a regular file: FIFO (named pipe)", error.Message);
    }

    [Fact]
    public void Read_MissingFile_SaysFileNotFound()
    {
        var missing = _temp.File("gone.jpg");

        var error = Assert.Throws<ImageLoadException>(() => PhotoDecoder.Default.Read(missing));

        Assert.Equal($"file not found: {missing}", error.Message);
    }
}
