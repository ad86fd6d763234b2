using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PromptForge.SynSmith;

/// <summary>
/// Simulates every SynSmith role so an offline SynSmith loop shows real dynamics: the generator opens and closes with
/// stock phrases until its prompt (or the ban list it is sent) forbids them, sometimes writes a text of a sibling class
/// or ignores a requested style until a rule demands it; the verifier reads the label from word overlap with the real
/// anchors; the judges spot stock phrases; the mode hunter finds the recurring ones; the updater turns complaints into
/// rules, and now and then adds a harmful "formal letter" rule that the acceptance gate has to roll back.
/// </summary>
/// <remarks>
/// It reads each role's data from the JSON user message, deserialized with SynSmith's own request types
/// (<see cref="GeneratorRequest"/>, <see cref="AttributeVerifierRequest"/>, ...), and answers with SynSmith's own reply
/// types; the generator also reads its prompt (system message) for the rules of <see cref="Rules"/>, as a model follows
/// its instructions. Nothing is read from template prose. A request whose data does not parse fails loudly.
/// </remarks>
internal sealed class SynSmithSimulatedBehavior : ISimulatedRoleBehavior
{
    private static readonly string[] StockOpeners =
        ["Hi support team, I hope this message finds you well.", "Hello, I am writing to inform you that", "Dear Customer Support,"];

    private static readonly string[] StockClosers = ["Thank you for your prompt assistance.", "I look forward to your response."];

    private static readonly string[] CasualOpeners = ["hey", "so", "ok so", "hi", "um", "quick one:"];

    private static readonly string[] Typos = ["pls", "recieve", "teh", "becuase", "acount"];

    /// <summary>How many candidates the simulated generator writes per target under verbalized sampling.</summary>
    private const int VerbalizedCandidates = 3;

    public IReadOnlyCollection<string> RoleTags { get; } =
    [
        SynSmithRoles.Generator.Tag,
        SynSmithRoles.AttributeVerifier.Tag,
        SynSmithRoles.RealismDiscriminator.Tag,
        SynSmithRoles.DiversityAuditor.Tag,
        SynSmithRoles.PackDiscriminator.Tag,
        SynSmithRoles.ModeHunter.Tag,
        SynSmithRoles.Updater.Tag,
    ];

    public SimulatedRoleResponse Respond(SimulatedRoleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tag = request.RoleTag;
        var c = SynSmithJsonContext.Default;
        return tag == SynSmithRoles.Generator.Tag ? Generate(request, Read(request, c.GeneratorRequest))
            : tag == SynSmithRoles.AttributeVerifier.Tag ? Verify(Read(request, c.AttributeVerifierRequest))
            : tag == SynSmithRoles.RealismDiscriminator.Tag ? Discriminate(request, Read(request, c.RealismDiscriminatorRequest))
            : tag == SynSmithRoles.DiversityAuditor.Tag ? Audit(request, Read(request, c.DiversityAuditorRequest))
            : tag == SynSmithRoles.PackDiscriminator.Tag ? ComparePacks(Read(request, c.PackDiscriminatorRequest))
            : tag == SynSmithRoles.ModeHunter.Tag ? Hunt(Read(request, c.ModeHunterRequest))
            : tag == SynSmithRoles.Updater.Tag ? Update(request, Read(request, c.PromptUpdaterRequest))
            : throw new InvalidOperationException($"'{tag}' is not a SynSmith role.");
    }

    /// <summary>The role's data: the first user message (a repair call appends its instruction after it).</summary>
    private static T Read<T>(SimulatedRoleRequest request, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return JsonSerializer.Deserialize(request.FirstUserText, typeInfo)
                ?? throw new InvalidOperationException($"The {request.RoleTag} request data is null.");
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The {request.RoleTag} request data is not a {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    private static bool Chance(Random random, double probability) => random.NextDouble() < probability;

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static SimulatedRoleResponse Generate(SimulatedRoleRequest request, GeneratorRequest payload)
    {
        // The generator follows its prompt (the system message), as a model follows its instructions.
        var system = request.SystemText;
        var labels = payload.Attributes.TryGetValue(payload.LabelAttribute, out var values) ? values : [];
        var anchors = payload.StyleExamples;
        var verbalized = request.RequestsResponseOf(SynSmithJsonContext.Default.VerbalizedReply);
        var candidates = verbalized ? VerbalizedCandidates : 1;
        var samples = new List<GeneratedSampleReply>();
        var targets = new List<VerbalizedTargetReply>();
        foreach (var target in payload.Targets)
        {
            var written = new List<VerbalizedCandidateReply>();
            for (var c = 0; c < candidates; c++)
            {
                // Keyed on the whole request, not only the ref: refs restart at "t1" in every call, and a draw keyed
                // on the ref alone made every sample of a run take the same decisions (one seed could turn all of
                // them into the sibling-class stock text).
                var random = request.CreateRandom(request.Fingerprint + "/" + target.Ref + "/" + c.ToString(CultureInfo.InvariantCulture));
                var text = Write(random, system, payload.AvoidPhrases, anchors, labels, payload.LabelAttribute, target.Attributes);
                written.Add(new VerbalizedCandidateReply { Text = text, Attributes = new(target.Attributes), Probability = Math.Round(0.2 + (random.NextDouble() * 0.6), 2) });
            }

            samples.Add(new GeneratedSampleReply { Ref = target.Ref, Text = written[0].Text, Attributes = new(target.Attributes) });
            targets.Add(new VerbalizedTargetReply { Ref = target.Ref, Candidates = written });
        }

        return verbalized
            ? SimulatedRoleResponse.FromJson(new VerbalizedReply { Targets = targets }, SynSmithJsonContext.Default.VerbalizedReply)
            : SimulatedRoleResponse.FromJson(new GeneratorReply { Samples = samples }, SynSmithJsonContext.Default.GeneratorReply);
    }

    private static string Write(
        Random random, string system, List<string> avoid, List<LabeledTextPayload> anchors, List<string> labels, string labelAttribute, Dictionary<string, string> attributes)
    {
        // "style", "noise" and "difficulty" are attributes of the simulated customer-support world, not SynSmith fields.
        var label = attributes.GetValueOrDefault(labelAttribute) ?? "unknown";
        var style = attributes.GetValueOrDefault("style");
        var noise = attributes.GetValueOrDefault("noise");
        var hard = attributes.GetValueOrDefault("difficulty") == "hard";
        var labelRule = system.Contains(Rules.UnmistakableLabel, StringComparison.Ordinal);
        var attributeRule = system.Contains(Rules.VisibleAttributes, StringComparison.Ordinal);
        var casualRule = system.Contains(Rules.RealCustomers, StringComparison.Ordinal);
        var formal = system.Contains(Rules.FormalLetter, StringComparison.Ordinal);

        // A sibling class sneaks in, more often for hard targets, rarely once the prompt demands an unmistakable label.
        var mislabelChance = (labelRule ? 0.03 : 0.2) + (hard ? 0.1 : 0);
        var writtenLabel = labels.Count > 1 && Chance(random, mislabelChance) ? Pick(random, labels.Where(l => l != label).ToArray()) : label;
        var ownAnchors = anchors.Where(a => a.Label == writtenLabel).Select(a => a.Text).ToArray();
        var body = ownAnchors.Length > 0 && writtenLabel == label
            ? Paraphrase(random, Pick(random, ownAnchors))
            : $"it is about my {writtenLabel.Replace('_', ' ')}, can someone look at it";

        bool Banned(string phrase) =>
            avoid.Any(a => phrase.Contains(a, StringComparison.OrdinalIgnoreCase) || a.Contains(phrase, StringComparison.OrdinalIgnoreCase))
            || system.Contains(phrase, StringComparison.OrdinalIgnoreCase);

        var openers = StockOpeners.Where(p => !Banned(p)).ToArray();
        var closers = StockClosers.Where(p => !Banned(p)).ToArray();
        var stockChance = formal ? 1.0 : casualRule ? 0.1 : 0.7;
        var opener = formal ? "Dear Customer Support," : openers.Length > 0 && Chance(random, stockChance) ? Pick(random, openers) : Pick(random, CasualOpeners);
        var closer = closers.Length > 0 && Chance(random, stockChance) ? " " + Pick(random, closers) : string.Empty;
        var text = $"{opener} {body}{closer}";

        // Requested styles and noise show only part of the time until a rule asks for them.
        if (attributeRule || Chance(random, 0.6))
        {
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            text = style switch
            {
                "concise" or "fragmented" => string.Join(' ', words.Take(10)),
                "verbose" => text + " I have tried everything I could think of and I would really appreciate a detailed answer because this keeps happening.",
                "emotional" => text + " This is so frustrating!!",
                _ => text,
            };
            if (noise == "typos")
            {
                text += " " + Pick(random, Typos);
            }
        }

        return text;
    }

    private static string Paraphrase(Random random, string anchor)
    {
        var words = anchor.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var keep = Math.Max(4, (int)(words.Count * (0.5 + (random.NextDouble() * 0.4))));
        var builder = new StringBuilder(string.Join(' ', words.Take(keep)).TrimEnd('.', ','));
        builder.Append(Pick(random, [" and it still isn't sorted", ", any update?", " again today", " since last week"]));
        return builder.ToString();
    }

    private static SimulatedRoleResponse Verify(AttributeVerifierRequest payload)
    {
        var labelAttribute = payload.LabelAttribute;
        var anchors = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var group in new[] { payload.SameClassAnchors, payload.SiblingClassAnchors })
        {
            foreach (var (label, texts) in group)
            {
                var words = texts.SelectMany(ContentWords).Concat(label.Split('_'));
                (anchors.TryGetValue(label, out var set) ? set : anchors[label] = new HashSet<string>(StringComparer.Ordinal)).UnionWith(words);
            }
        }

        var verdicts = new List<AttributeVerdictReply>();
        foreach (var sample in payload.Samples)
        {
            var text = sample.Text;
            var requested = sample.RequestedAttributes;
            var requestedLabel = requested.GetValueOrDefault(labelAttribute) ?? string.Empty;
            var words = ContentWords(text).ToHashSet(StringComparer.Ordinal);
            var read = anchors.Count == 0 ? requestedLabel : anchors
                .Select(a => (Label: a.Key, Score: words.Count(a.Value.Contains) + (text.Contains(a.Key.Replace('_', ' '), StringComparison.OrdinalIgnoreCase) ? 3 : 0)))
                .OrderByDescending(a => a.Score).ThenBy(a => a.Label == requestedLabel ? 0 : 1).First().Label;
            var failed = new List<string>();
            if (read != requestedLabel)
            {
                failed.Add(labelAttribute);
            }

            var length = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            var style = requested.GetValueOrDefault("style");
            if ((style is "concise" or "fragmented" && length > 12) || (style == "verbose" && length < 20))
            {
                failed.Add("style");
            }

            if (requested.GetValueOrDefault("noise") == "typos" && !Typos.Any(t => text.Contains(t, StringComparison.Ordinal)))
            {
                failed.Add("noise");
            }

            verdicts.Add(new AttributeVerdictReply
            {
                Ref = sample.Ref,
                ReadLabel = read,
                FailedAttributes = failed,
                Reason = failed.Count == 0 ? "the text shows the requested attributes" : $"reads as {read}; misses {string.Join(", ", failed)}",
            });
        }

        return SimulatedRoleResponse.FromJson(new AttributeVerifierReply { Verdicts = verdicts }, SynSmithJsonContext.Default.AttributeVerifierReply);
    }

    private static SimulatedRoleResponse Discriminate(SimulatedRoleRequest request, RealismDiscriminatorRequest payload)
    {
        var verdicts = new List<RealismVerdictReply>();
        foreach (var item in payload.Texts)
        {
            var artifact = StockOpeners.Concat(StockClosers).FirstOrDefault(p => item.Text.Contains(p, StringComparison.OrdinalIgnoreCase));
            // Keyed on the text (the item), not its positional ref: the judge's occasional false alarm follows the text.
            var random = request.CreateRandom("judge/" + item.Text);
            var synthetic = artifact is not null || Chance(random, 0.15);
            verdicts.Add(new RealismVerdictReply
            {
                Ref = item.Ref,
                Prediction = synthetic ? "synthetic" : "real",
                Confidence = artifact is not null ? 0.9 : 0.55,
                Reason = artifact is not null ? $"stock phrasing \"{artifact}\"" : synthetic ? "slightly too tidy" : "casual and specific",
            });
        }

        return SimulatedRoleResponse.FromJson(new RealismDiscriminatorReply { Verdicts = verdicts }, SynSmithJsonContext.Default.RealismDiscriminatorReply);
    }

    private static SimulatedRoleResponse Audit(SimulatedRoleRequest request, DiversityAuditorRequest payload)
    {
        var missing = new List<string>();
        foreach (var (attribute, coverage) in payload.Coverage)
        {
            foreach (var value in coverage.MissingValues.Take(2))
            {
                missing.Add($"no messages with {attribute} = {value}");
            }
        }

        var openers = payload.Samples.Select(s => string.Join(' ', s.Text.Split(' ').Take(3))).ToArray();
        var common = openers.GroupBy(o => o).OrderByDescending(g => g.Count()).FirstOrDefault();
        var over = new List<string>();
        if (common is not null && common.Count() * 3 > openers.Length)
        {
            over.Add($"{common.Count()} messages open with \"{common.Key}\"");
        }

        return SimulatedRoleResponse.FromJson(
            new DiversityAuditReply
            {
                Summary = "simulated audit",
                MissingModes = missing,
                OverrepresentedModes = over,
                Recommendations = ["vary the openings and the situations"],
                NearDuplicateRate = Math.Round(request.Random.NextDouble(), 2),
            },
            SynSmithJsonContext.Default.DiversityAuditReply);
    }

    private static SimulatedRoleResponse ComparePacks(PackDiscriminatorRequest payload)
    {
        static bool HasStock(string text) => StockOpeners.Concat(StockClosers).Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase));
        var answers = new List<PackComparisonReply>();
        foreach (var comparison in payload.Comparisons)
        {
            var pick = comparison.A.Count(HasStock) >= comparison.B.Count(HasStock) ? "A" : "B";
            var picked = pick == "A" ? comparison.A : comparison.B;
            var patterns = StockOpeners.Concat(StockClosers)
                .Where(p => picked.Any(t => t.Contains(p, StringComparison.OrdinalIgnoreCase)))
                .Select(p => $"\"{p}\"")
                .ToList();
            answers.Add(new PackComparisonReply { Ref = comparison.Ref, SyntheticPack = pick, SharedPatterns = patterns });
        }

        return SimulatedRoleResponse.FromJson(new PackDiscriminatorReply { Comparisons = answers }, SynSmithJsonContext.Default.PackDiscriminatorReply);
    }

    private static SimulatedRoleResponse Hunt(ModeHunterRequest payload)
    {
        var synthetic = payload.SyntheticTexts;
        var real = payload.RealTexts.Select(t => t.Text).ToArray();

        // Every recurring phrase, most frequent first; the mode hunter critic keeps its own MaxFindingsPerIteration.
        var findings = StockOpeners.Concat(StockClosers)
            .Concat(synthetic.Select(t => string.Join(' ', t.Split(' ').Take(4))))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(p => (Phrase: p, Count: synthetic.Count(t => t.Contains(p, StringComparison.OrdinalIgnoreCase))))
            .Where(p => p.Count >= 2 && !real.Any(r => r.Contains(p.Phrase, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(p => p.Count)
            .Select(p => new ModeHunterFindingReply { Phrase = p.Phrase, Kind = "stock_phrase", Reason = $"{p.Count} synthetic texts, no real one" })
            .ToList();
        return SimulatedRoleResponse.FromJson(new ModeHunterReply { Findings = findings }, SynSmithJsonContext.Default.ModeHunterReply);
    }

    private static SimulatedRoleResponse Update(SimulatedRoleRequest request, PromptUpdaterRequest payload)
    {
        var current = payload.CurrentPrompt;
        var rejected = payload.LastRejectedRewrite?.Prompt;
        var complaints = payload.Critics.SelectMany(c => c.Complaints).ToArray();
        bool Mentions(ComplaintPayload complaint, string phrase) =>
            complaint.Message.Contains(phrase, StringComparison.OrdinalIgnoreCase) || complaint.Evidence.Any(e => e.Contains(phrase, StringComparison.OrdinalIgnoreCase));

        var rules = new List<string>();
        foreach (var phrase in StockOpeners.Concat(StockClosers).Where(p => payload.BannedPhrases.Contains(p, StringComparer.OrdinalIgnoreCase) || complaints.Any(c => Mentions(c, p))))
        {
            rules.Add(Rules.NeverUse(phrase));
        }

        if (complaints.Any(c => c.Code == "label_mismatch"))
        {
            rules.Add(Rules.UnmistakableLabel);
        }

        if (complaints.Any(c => c.Code == "auxiliary_attribute_mismatch"))
        {
            rules.Add(Rules.VisibleAttributes);
        }

        if (complaints.Any(c => c.Code is "coverage_hole" or "realism_artifact"))
        {
            rules.Add(Rules.RealCustomers);
        }

        // Now and then the rewrite adds a harmful rule; the acceptance gate has to catch it.
        if (rejected is null && Chance(request.Random, 0.25))
        {
            rules.Add(Rules.FormalLetter);
        }

        var added = rules.Where(r => !current.Contains(r, StringComparison.Ordinal) && (rejected is null || !rejected.Contains(r, StringComparison.Ordinal) || r != Rules.FormalLetter)).ToArray();
        var prompt = added.Length == 0 ? current + "\n- Vary the situations and the wording." : current + "\n- " + string.Join("\n- ", added);
        return SimulatedRoleResponse.FromJson(
            new PromptRewriteReply { Prompt = prompt, Motivation = $"addressed: {string.Join(", ", complaints.Select(c => c.Code).Distinct())}" },
            SynSmithJsonContext.Default.PromptRewriteReply);
    }

    private static IEnumerable<string> ContentWords(string text) =>
        text.ToLowerInvariant().Split([' ', ',', '.', '!', '?', ':', ';', '"', '(', ')'], StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 3);

    /// <summary>
    /// The rules of the simulated world: the simulated updater writes them into the generator prompt and the simulated
    /// generator follows a rule once its prompt states it (one definition, so the two cannot drift apart).
    /// </summary>
    internal static class Rules
    {
        public const string UnmistakableLabel = "Make the requested class unmistakable: the message must clearly be about it and not about a sibling class.";
        public const string VisibleAttributes = "Let every requested attribute visibly shape the message (length for style, typos for noise).";
        public const string RealCustomers = "Write like real customers: short, casual, with concrete details.";

        /// <summary>The harmful rule: every message becomes a formal letter (the acceptance gate must roll it back).</summary>
        public const string FormalLetter = "Write every message as a formal letter.";

        public static string NeverUse(string phrase) => $"Never use the phrase \"{phrase}\".";
    }
}
