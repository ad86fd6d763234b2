using System.Text.Json.Nodes;

namespace PromptForge;

/// <summary>
/// The run's <c>config.json</c>: the options, the role settings, the component types and the sections method packages
/// add, so a run folder says how it was configured.
/// </summary>
internal static class RunConfigurationJson
{
    /// <summary>Writes the configuration of a loop as JSON.</summary>
    /// <param name="c">The loop's components.</param>
    /// <returns>The configuration.</returns>
    public static JsonObject Create(PromptLoopComponents c)
    {
        var roles = new JsonObject();
        foreach (var (key, settings) in c.Options.Roles.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            roles[key] = SettingsToJson(settings);
        }

        var roleDefaults = new JsonObject();
        foreach (var (key, settings) in c.PackageRoleDefaults.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            roleDefaults[key] = SettingsToJson(settings);
        }

        var config = new JsonObject
        {
            ["seed"] = c.Options.Seed,
            ["max_iterations"] = c.Options.MaxIterations,
            ["samples_per_iteration"] = c.Options.SamplesPerIteration,
            ["max_concurrency"] = c.Options.MaxConcurrency,
            ["budget"] = new JsonObject
            {
                ["max_calls"] = c.Options.Budget.MaxCalls,
                ["max_input_tokens"] = c.Options.Budget.MaxInputTokens,
                ["max_output_tokens"] = c.Options.Budget.MaxOutputTokens,
                ["max_wall_time_seconds"] = c.Options.Budget.MaxWallTime?.TotalSeconds,
            },
            ["roles"] = roles,
            ["role_defaults"] = roleDefaults,
            ["components"] = new JsonObject
            {
                ["generator"] = c.Generator.GetType().FullName,
                ["critics"] = new JsonArray(c.Critics.Select(k => (JsonNode?)new JsonObject { ["name"] = k.Name, ["type"] = k.GetType().FullName, ["stage"] = k.Stage }).ToArray()),
                ["updater"] = c.Updater?.GetType().FullName,
                ["curriculum"] = c.Curriculum?.GetType().FullName,
                ["objective"] = c.Objective?.GetType().FullName,
                ["acceptance_gate"] = c.Gate?.GetType().FullName,
                ["embedding_generator"] = c.Embeddings.GetType().FullName,
            },
        };
        foreach (var (section, value) in c.RunConfiguration)
        {
            config[section] = value?.DeepClone();
        }

        return config;
    }

    private static JsonObject SettingsToJson(ModelCallSettings settings) => new()
    {
        ["temperature"] = settings.Temperature,
        ["max_output_tokens"] = settings.MaxOutputTokens,
        ["model_id"] = settings.ModelId,
    };
}
