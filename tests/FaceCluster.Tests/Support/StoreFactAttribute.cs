using Xunit.Abstractions;
using Xunit.Sdk;

namespace FaceCluster.Tests.Support;

/// <summary>
/// A storage contract test, declared once in an abstract class and run by each backend's subclass. The subclass for
/// PostgreSQL (marked <see cref="IPostgresTests"/>) is skipped where <see cref="PostgresServer.SkipReason"/> says so;
/// a plain [Fact] cannot tell the subclasses apart.
/// </summary>
[XunitTestCaseDiscoverer("FaceCluster.Tests.Support.StoreFactDiscoverer", "FaceCluster.Tests")]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>Marks a test class that needs the PostgreSQL server.</summary>
public interface IPostgresTests;

public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        typeof(IPostgresTests).IsAssignableFrom(testMethod.TestClass.Class.ToRuntimeType()) && PostgresServer.SkipReason is { } reason
            ? [new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)]
            : base.Discover(discoveryOptions, testMethod, factAttribute);
}
