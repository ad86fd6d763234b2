// TEMPORARY stand-in for the core's ModelServiceException (src/PromptForge/ChatClients), written by the middleware
// helper. Same constructor shape; delete this file when the core type lands on main.
namespace PromptForge;

internal sealed class ModelServiceException : Exception
{
    public ModelServiceException(int? statusCode, TimeSpan? retryAfter, bool isContentFilter, string message, Exception? innerException)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        RetryAfter = retryAfter;
        IsContentFilter = isContentFilter;
    }

    public int? StatusCode { get; }

    public TimeSpan? RetryAfter { get; }

    public bool IsContentFilter { get; }

    public bool IsTransient => StatusCode is null or 408 or 429 or >= 500;
}
