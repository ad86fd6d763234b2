using System.Globalization;
using System.Text.Json.Nodes;

namespace PromptForge.Sipdo;

/// <summary>Composes SIPDO into a <see cref="PromptLoopBuilder"/>.</summary>
public static class SipdoPromptLoopBuilderExtensions
{
    /// <summary>
    /// Uses SIPDO for this loop: the SIPDO generator, the task-evaluation critic (<c>sipdo_task</c>), the optimizer as
    /// prompt updater, the curriculum (linear by default), the coverage objective for p*, and enough iterations for
    /// every level plus the p* selection round. Role clients come from the builder (<c>WithChatClient</c> and friends).
    /// </summary>
    /// <param name="builder">The loop builder.</param>
    /// <param name="task">The task whose prompt is optimized (the loop uses its <see cref="TaskDefinition.Examples"/>, never its held-out split).</param>
    /// <param name="configure">Configures the SIPDO options; invalid options are reported by <see cref="PromptLoopBuilder.Build"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="task"/> is <see langword="null"/>.</exception>
    public static PromptLoopBuilder UseSipdo(this PromptLoopBuilder builder, TaskDefinition task, Action<SipdoOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(task);
        var options = new SipdoOptions();
        configure?.Invoke(options);
        var problems = options.Validate();
        foreach (var problem in problems)
        {
            builder.AddConfigurationProblem(problem);
        }

        if (problems.Count > 0)
        {
            return builder;
        }

        var rounds = options.Curriculum == SipdoCurriculumKind.Adaptive ? options.Levels * options.AdaptiveRoundsPerLevel : options.Levels;
        var curriculum = options.Curriculum switch
        {
            SipdoCurriculumKind.Adaptive => SipdoCurricula.Adaptive(options.Levels, rounds, options.SelectionRound),
            SipdoCurriculumKind.OneShotExtremes => SipdoCurricula.OneShotExtremes(options.Levels, options.SelectionRound),
            _ => SipdoCurricula.Linear(options.Levels, options.SelectionRound),
        };
        // Temperatures are package defaults of the role tags, so ConfigureRole("sipdo.suggestion", ...) overrides them.
        foreach (var (role, temperature) in RoleTemperatures(options))
        {
            builder.WithRoleDefaults(role.Tag, new ModelCallSettings { Temperature = temperature });
        }

        // One memo per loop: the generator (answering candidates), the critic and the updater share the run's task verdicts.
        var verdicts = new TaskVerdictMemo(task, options);
        return builder
            .WithGenerator(new SipdoGenerator(task, options, verdicts))
            .WithCritic(new SipdoTaskCritic(options, verdicts))
            .WithPromptUpdater(new SipdoPromptUpdater(task, options, verdicts))
            .WithCurriculum(curriculum)
            .WithObjective(new SipdoCoverageObjective())
            .WithMaxIterations(rounds + (options.SelectionRound ? 1 : 0))
            .WithRunConfiguration("sipdo", Describe(task, options));
    }

    /// <summary>The paper's temperatures (as set in the options) by role: 0.5 generation, 0 analysis and rewrite, 0.7 suggestion, 0 task.</summary>
    internal static IEnumerable<(ModelRole Role, float Temperature)> RoleTemperatures(SipdoOptions options) =>
    [
        (SipdoRoles.Generator, options.GeneratorTemperature),
        (SipdoRoles.Verifier, options.VerifierTemperature),
        (SipdoRoles.Summarizer, options.SummarizerTemperature),
        (SipdoRoles.Task, options.TaskTemperature),
        (SipdoRoles.ErrorAnalysis, options.ErrorAnalysisTemperature),
        (SipdoRoles.Suggestion, options.SuggestionTemperature),
        (SipdoRoles.Rewrite, options.RewriteTemperature),
    ];

    private static JsonObject Describe(TaskDefinition task, SipdoOptions options) => new()
    {
        ["task"] = task.Name,
        ["answer_format"] = task.AnswerFormat.Name,
        ["real_examples"] = task.Examples.Count,
        ["held_out"] = task.HeldOut.Count,
        ["levels"] = options.Levels,
        ["curriculum"] = options.Curriculum switch { SipdoCurriculumKind.OneShotExtremes => "one_shot_extremes", var kind => kind.ToString().ToLowerInvariant() },
        ["verifier_votes"] = options.VerifierVotes,
        ["required_agreeing_votes"] = options.RequiredAgreeingVotes ?? options.VerifierVotes,
        ["max_generation_attempts"] = options.MaxGenerationAttempts,
        ["lambda"] = options.Lambda,
        ["candidates"] = options.Candidates,
        ["near_duplicate_similarity"] = options.NearDuplicateSimilarity,
        ["history_character_budget"] = options.HistoryCharacterBudget,
        ["max_repair_attempts"] = options.MaxRepairAttempts,
        ["max_prompt_characters"] = options.MaxPromptCharacters,
        ["max_prompt_tokens"] = options.MaxPromptTokens,
        ["role_default_temperatures"] = new JsonObject(RoleTemperatures(options).Select(r => KeyValuePair.Create(r.Role.Tag, (JsonNode?)JsonValue.Create(r.Temperature)))),
        ["use_difficulty_gradient"] = options.UseDifficultyGradient,
        ["local_confirmation"] = options.LocalConfirmation,
        ["global_confirmation"] = options.GlobalConfirmation,
        ["selection_round"] = options.SelectionRound,
        ["validators"] = new JsonArray(options.Validators.Select(v => (JsonNode)JsonValue.Create(v.Name)).ToArray()),
        ["label_space_size"] = task.LabelSpace?.Count.ToString(CultureInfo.InvariantCulture) ?? "open",
    };
}
