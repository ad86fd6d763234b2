using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace PromptForge.Tests.ChatClients;

public sealed class ModelFailureClassifierTests
{
    public static TheoryData<Exception, ModelFailureKind> Failures => new()
    {
        { new ModelServiceException("down", 503), ModelFailureKind.ProviderUnavailable },
        { new ModelServiceException("throttled", 429), ModelFailureKind.ProviderUnavailable },
        { new ModelServiceException("no model", 404), ModelFailureKind.ProviderUnavailable },
        { new ModelServiceException("key", 401), ModelFailureKind.Authentication },
        { new ModelServiceException("forbidden", 403), ModelFailureKind.Authentication },
        { new ModelServiceException("billing", 402), ModelFailureKind.Quota },
        { new ModelServiceException("quota", ModelFailureKind.Quota, isTransient: false, statusCode: 429), ModelFailureKind.Quota },
        { new ModelServiceException("bad", 400), ModelFailureKind.InvalidRequest },
        { new ModelServiceException("filtered", 400, isContentFilter: true), ModelFailureKind.ContentRefused },
        { new ModelServiceException("empty choices", ModelFailureKind.MalformedOutput, isTransient: true), ModelFailureKind.MalformedOutput },
        { new ModelServiceException("dropped", null, innerException: new HttpRequestException(HttpRequestError.ConnectionError, "refused")), ModelFailureKind.ProviderUnavailable },
        { new StructuredOutputException(ModelRole.Critic, "{", "invalid JSON"), ModelFailureKind.MalformedOutput },
        { new BrokenCircuitException("open", TimeSpan.FromSeconds(3)), ModelFailureKind.ProviderUnavailable },
        { new TimeoutRejectedException(), ModelFailureKind.ProviderUnavailable },
        { new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)), ModelFailureKind.ProviderUnavailable },
        { new HttpRequestException("unauthorized", null, HttpStatusCode.Unauthorized), ModelFailureKind.Authentication },
        { new TaskCanceledException("timed out", new TimeoutException()), ModelFailureKind.ProviderUnavailable },
        { new InvalidOperationException("a bug"), ModelFailureKind.Unknown },
        { new IOException("disk full"), ModelFailureKind.Unknown },   // a run store's write error is no provider failure
        { new BudgetExhaustedException("max calls"), ModelFailureKind.Unknown },
        { new OperationCanceledException(), ModelFailureKind.Unknown },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Classify_Exception_ReturnsItsCategory(Exception exception, ModelFailureKind expected) =>
        ModelFailureClassifier.Classify(exception).ShouldBe(expected);

    [Theory]
    [InlineData(ModelFailureKind.ProviderUnavailable, true, false)]
    [InlineData(ModelFailureKind.Authentication, true, false)]
    [InlineData(ModelFailureKind.Quota, true, false)]
    [InlineData(ModelFailureKind.InvalidRequest, true, false)]
    [InlineData(ModelFailureKind.ContentRefused, false, true)]
    [InlineData(ModelFailureKind.MalformedOutput, false, true)]
    [InlineData(ModelFailureKind.Unknown, false, false)]
    public void IsProviderFailure_EachCategory_StopsTheRunOnlyForProviderSideFailures(ModelFailureKind kind, bool provider, bool content)
    {
        var exception = new ModelServiceException("x", kind, isTransient: false);

        ModelFailureClassifier.IsProviderFailure(exception).ShouldBe(provider);
        ModelFailureClassifier.IsContentFailure(exception).ShouldBe(content);
    }

    [Fact]
    public void Classify_WrappedInAggregateOrInner_ClassifiesTheCause() =>
        ModelFailureClassifier.Classify(new AggregateException(new InvalidOperationException("wrapped", new ModelServiceException("key", 401))))
            .ShouldBe(ModelFailureKind.Authentication);

    [Fact]
    public void IsTransient_OpenCircuitAndEmptyChoices_AreRetriedByTheDefaultPredicate()
    {
        TransientFaultClassifier.IsTransient(new BrokenCircuitException("open", TimeSpan.FromSeconds(3))).ShouldBeTrue();
        TransientFaultClassifier.GetRetryAfter(new BrokenCircuitException("open", TimeSpan.FromSeconds(3))).ShouldBe(TimeSpan.FromSeconds(3));
        TransientFaultClassifier.IsTransient(new ModelServiceException("empty choices", ModelFailureKind.MalformedOutput, isTransient: true)).ShouldBeTrue();
        TransientFaultClassifier.IsTransient(new ModelServiceException("quota", ModelFailureKind.Quota, isTransient: false, statusCode: 429)).ShouldBeFalse();
    }
}
