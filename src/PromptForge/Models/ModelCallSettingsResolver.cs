namespace PromptForge;

/// <summary>
/// Resolves a call's settings: the request's own overrides, then the user's settings by role tag, then by role kind,
/// then the package's defaults by role tag.
/// </summary>
internal sealed class ModelCallSettingsResolver(
    IReadOnlyDictionary<string, ModelCallSettings> userSettings,
    IReadOnlyDictionary<string, ModelCallSettings> packageDefaults)
{
    public ModelCallSettings Resolve(ModelRequest request)
    {
        var fromRequest = new ModelCallSettings
        {
            Temperature = request.Temperature,
            MaxOutputTokens = request.MaxOutputTokens,
            ModelId = request.ModelId,
        };
        userSettings.TryGetValue(request.Role.Tag, out var byTag);
        userSettings.TryGetValue(ModelRole.KindTag(request.Role.Kind), out var byKind);
        packageDefaults.TryGetValue(request.Role.Tag, out var packageByTag);
        return fromRequest.MergeWith(byTag).MergeWith(byKind).MergeWith(packageByTag);
    }
}
