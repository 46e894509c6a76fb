namespace FaceCluster.Configuration;

/// <summary>Intra-op threads of ONNX Runtime sessions; the ingest pipeline adds its own stage settings.</summary>
public sealed class PipelineSettings
{
    /// <summary>ONNX Runtime intra-op threads per session; 0 lets ONNX Runtime choose (one per core).</summary>
    public int IntraOpThreads { get; set; }
}
