using System.Net;
using System.Net.Http;
using Polly.Timeout;

namespace PromptForge.Tests.ChatClients;

public sealed class ModelServiceExceptionTests
{
    [Theory]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(422, false)]
    public void IsTransient_StatusCode_FollowsHttpSemantics(int status, bool expected)
    {
        new ModelServiceException("error", status).IsTransient.ShouldBe(expected);
    }

    [Fact]
    public void IsTransient_ContentFilterWithTransientStatus_IsFalse()
    {
        new ModelServiceException("filtered", 500, isContentFilter: true).IsTransient.ShouldBeFalse();
    }

    [Fact]
    public void IsTransient_NoStatusWrappingConnectionError_IsTrue()
    {
        new ModelServiceException("dropped", null, innerException: new HttpRequestException(HttpRequestError.ConnectionError, "reset")).IsTransient.ShouldBeTrue();
        new ModelServiceException("odd", null).IsTransient.ShouldBeFalse();
    }

    [Fact]
    public void Constructor_NegativeRetryAfter_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new ModelServiceException("x", 429, TimeSpan.FromSeconds(-1)));
    }

    [Theory]
    [MemberData(nameof(Classifications))]
    public void TransientFaultClassifier_IsTransient_ClassifiesCommonErrors(Exception exception, bool expected)
    {
        TransientFaultClassifier.IsTransient(exception).ShouldBe(expected);
    }

    public static TheoryData<Exception, bool> Classifications() => new()
    {
        { new TimeoutException(), true },
        { new TimeoutRejectedException(), true },
        { new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests), true },
        { new HttpRequestException("bad", null, HttpStatusCode.BadRequest), false },
        { new HttpRequestException(HttpRequestError.NameResolutionError, "dns"), true },
        { new HttpRequestException(HttpRequestError.SecureConnectionError, "tls"), false },
        { new TaskCanceledException("http timeout", new TimeoutException()), true },
        { new InvalidOperationException("bug"), false },
        { new ArgumentException("bad input"), false },
    };
}
