using Microsoft.Extensions.Logging;

namespace PromptForge;

/// <summary>
/// The services a PromptForge middleware reads from the host's provider (<see cref="TimeProvider"/>, <see cref="ILoggerFactory"/>),
/// given explicitly; lets the <c>IChatClient.WithX(...)</c> helpers build through the same <c>ChatClientBuilder</c> path as a host.
/// </summary>
internal sealed class ChatMiddlewareServices(TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null) : IServiceProvider
{
    public object? GetService(Type serviceType) =>
        serviceType == typeof(TimeProvider) ? timeProvider
        : serviceType == typeof(ILoggerFactory) ? loggerFactory
        : null;

    /// <summary>Gets the clock registered in <paramref name="services"/>, or <see cref="TimeProvider.System"/>.</summary>
    public static TimeProvider GetTimeProvider(IServiceProvider services) =>
        services.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
}
