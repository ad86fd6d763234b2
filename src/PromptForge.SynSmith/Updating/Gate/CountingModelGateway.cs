using System.Text.Json.Serialization.Metadata;

namespace PromptForge.SynSmith;

/// <summary>Counts the model calls made through it, so the gate can report what its paired measurement cost.</summary>
internal sealed class CountingModelGateway(IModelGateway inner) : IModelGateway
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public UsageLedger Usage => inner.Usage;

    public Task<ModelResponse> GetResponseAsync(ModelRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return inner.GetResponseAsync(request, cancellationToken);
    }

    public Task<ModelResponse<T>> GetStructuredResponseAsync<T>(ModelRequest request, JsonTypeInfo<T> typeInfo, Func<T, string?>? validate = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return inner.GetStructuredResponseAsync(request, typeInfo, validate, cancellationToken);
    }
}
