namespace FaceCluster.Imaging;

/// <summary>Memory order of one image inside a model's input tensor.</summary>
public enum TensorLayout
{
    /// <summary>[N, C, H, W]: channel planes (PyTorch exports).</summary>
    Nchw,

    /// <summary>[N, H, W, C]: interleaved channels (TensorFlow exports).</summary>
    Nhwc,
}
