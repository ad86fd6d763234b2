// TEMPORARY stand-in for the core's ModelServiceException (src/PromptForge/ChatClients, middleware helper's branch).
// Same constructor shape and transient rule; delete this file when the core type lands on main.
namespace PromptForge;

internal sealed class ModelServiceException : Exception
{
    public ModelServiceException(string message, int? statusCode, TimeSpan? retryAfter = null, bool isContentFilter = false, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        RetryAfter = retryAfter;
        IsContentFilter = isContentFilter;
    }

    public int? StatusCode { get; }

    public TimeSpan? RetryAfter { get; }

    public bool IsContentFilter { get; }

    public bool IsTransient => !IsContentFilter && StatusCode switch
    {
        null => InnerException is TimeoutException or HttpRequestException or System.ClientModel.ClientResultException { Status: 0 },
        int status => status is 408 or 429 or (>= 500 and <= 599),
    };
}
