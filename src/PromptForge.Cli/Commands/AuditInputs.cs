using System.Text.Json;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Runs;
using PromptForge.SynSmith;

namespace PromptForge.Cli.Commands;

/// <summary>Texts with their labels, in order.</summary>
internal sealed record LabeledTexts(IReadOnlyList<string> Texts, IReadOnlyList<string> Labels)
{
    public int Count => Texts.Count;

    public static LabeledTexts From(IEnumerable<RealExample> examples)
    {
        RealExample[] rows = [.. examples];
        return new([.. rows.Select(r => r.Text)], [.. rows.Select(r => r.Label)]);
    }

    /// <summary>A seeded split stratified by label: about <paramref name="firstShare"/> of each label's rows go to the first part.</summary>
    public (LabeledTexts First, LabeledTexts Second) Split(double firstShare, int seed)
    {
        (List<int> first, List<int> second) = SplitRows(firstShare, seed);
        return (Select(first), Select(second));
    }

    /// <summary>The rows of <see cref="Split"/>'s two parts.</summary>
    public (List<int> First, List<int> Second) SplitRows(double firstShare, int seed)
    {
        var random = new Random(seed);
        var first = new List<int>();
        var second = new List<int>();
        foreach (var group in Labels.Select((label, index) => (label, index)).GroupBy(p => p.label, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            int[] members = [.. group.Select(p => p.index)];
            random.Shuffle(members);
            int take = (int)Math.Round(members.Length * firstShare, MidpointRounding.AwayFromZero);
            first.AddRange(members.Take(take));
            second.AddRange(members.Skip(take));
        }

        first.Sort();
        second.Sort();
        return (first, second);
    }

    public LabeledTexts Select(IReadOnlyList<int> rows) => new([.. rows.Select(i => Texts[i])], [.. rows.Select(i => Labels[i])]);
}

/// <summary>
/// What <c>promptforge audit</c> reads from one finished SynSmith run: its final dataset (dataset.jsonl), its frozen real
/// examples and schema, and the held-out test split (<c>--test-split</c>, else the run's frozen one, else half of the
/// real examples). Every problem is a <see cref="CliInputException"/> naming the file, line and field.
/// </summary>
internal sealed record AuditInputs(
    RunLocation Location, bool Simulated, LabeledTexts Synthetic, LabeledTexts RealTrain, LabeledTexts RealTest, string TestSource, bool TestIsRealHalf)
{
    public static async Task<AuditInputs> LoadAsync(CliEnvironment environment, string runArgument, string? testSplitArgument, CancellationToken cancellationToken)
    {
        RunLocation location = RunLocation.Open(environment.ResolvePath(runArgument), runArgument);
        RunSnapshot run = await RunFolderReader.ReadAsync(location, cancellationToken).ConfigureAwait(false);
        RunInputs inputs = RunInputs.ForResumedRun(location.Directory);
        if (!inputs.HasCopy(SynthesizeCommand.ConfigRole) || !inputs.HasCopy(SynthesizeCommand.SchemaRole) || !inputs.HasCopy(SynthesizeCommand.RealExamplesRole))
        {
            throw new CliInputException($"the run has no frozen SynSmith config, schema and real examples ({RunInputs.Folder}/); audit reads runs written by synthesize.", runArgument);
        }

        string configPath = inputs.PathFor(SynthesizeCommand.ConfigRole, string.Empty);
        SynSmithConfigFile file;
        AttributeSchema schema;
        RealExampleSet real;
        try
        {
            file = SynSmithConfigFile.Load(configPath, InputLimits.Default.ToSynSmith(), new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["schema_path"] = inputs.PathFor(SynthesizeCommand.SchemaRole, string.Empty),
                ["real_examples_path"] = inputs.PathFor(SynthesizeCommand.RealExamplesRole, string.Empty),
            });
            schema = file.LoadSchema();
            real = file.LoadRealExamples(schema);
        }
        catch (SynSmithInputException ex)
        {
            throw SynthesizeCommand.ToInputError(ex, environment.DisplayPath(configPath));
        }

        string datasetPath = Path.Combine(location.Directory, SynthesizeCommand.DatasetJsonl);
        if (!File.Exists(datasetPath))
        {
            throw new CliInputException($"the run has no final dataset ({SynthesizeCommand.DatasetJsonl}); audit needs a finished synthesize run.", runArgument);
        }

        LabeledTexts synthetic = ReadDataset(datasetPath, environment.DisplayPath(datasetPath));
        string? testPath = testSplitArgument is not null ? environment.ResolvePath(testSplitArgument)
            : inputs.HasCopy(SynthesizeCommand.TestSplitRole) ? inputs.PathFor(SynthesizeCommand.TestSplitRole, string.Empty)
            : null;
        if (testPath is null)
        {
            // Without a held-out split, half of every label's real examples is held out (seeded), the rest trains.
            (LabeledTexts train, LabeledTexts heldOut) = LabeledTexts.From(real).Split(0.5, seed: 0);
            return new AuditInputs(location, run.Simulated, synthetic, train, heldOut, "half of the real examples (no test split given or recorded)", TestIsRealHalf: true);
        }

        // The run's own frozen split is named inside the run folder, so the figure reads the same wherever the run lives.
        string testDisplay = testSplitArgument ?? "the run's " + Path.GetRelativePath(location.Directory, testPath).Replace(Path.DirectorySeparatorChar, '/');
        if (!File.Exists(testPath))
        {
            throw new CliInputException("the test split does not exist.", testDisplay, field: "--test-split");
        }

        RealExampleSet test;
        try
        {
            test = RealExampleSet.Load(testPath, schema, file.Limits);
        }
        catch (SynSmithInputException ex)
        {
            throw SynthesizeCommand.ToInputError(ex, testDisplay);
        }

        return new AuditInputs(location, run.Simulated, synthetic, LabeledTexts.From(real), LabeledTexts.From(test), testDisplay, TestIsRealHalf: false);
    }

    /// <summary>Reads dataset.jsonl: one object per line with a non-empty <c>text</c> and <c>label</c>.</summary>
    internal static LabeledTexts ReadDataset(string path, string displayPath)
    {
        var texts = new List<string>();
        var labels = new List<string>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using JsonDocument document = JsonDocument.Parse(line);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new CliInputException("each line must be a JSON object.", displayPath, lineNumber);
                }

                texts.Add(Required(document.RootElement, "text", displayPath, lineNumber));
                labels.Add(Required(document.RootElement, "label", displayPath, lineNumber));
            }
            catch (JsonException ex)
            {
                throw new CliInputException($"not valid JSON: {ex.Message}", displayPath, lineNumber, innerException: ex);
            }
        }

        return new LabeledTexts(texts, labels);
    }

    private static string Required(JsonElement row, string field, string displayPath, int line) =>
        row.TryGetProperty(field, out JsonElement value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text)
            ? text
            : throw new CliInputException($"'{field}' must be a non-empty string.", displayPath, line, field);
}
