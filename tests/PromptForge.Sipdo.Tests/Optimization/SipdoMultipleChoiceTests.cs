using System.Text.RegularExpressions;
using PromptForge.Testing;

namespace PromptForge.Sipdo.Tests.Optimization;

public sealed partial class SipdoMultipleChoiceTests
{
    [Fact]
    public async Task RunAsync_MultipleChoiceTask_AsksForLabelsSpelledLikeTheRealTargets()
    {
        var task = await TaskFiles.LoadAsync(Tasks.TestDataFiles.PathOf("bbh", "penguins_in_a_table.json"), cancellationToken: TestContext.Current.CancellationToken);
        var client = new ScriptedChatClient();
        var asked = new List<string>();
        client.RespondForRoleWith("sipdo.generator", call =>
        {
            var label = SipdoPromptData.Read(call.Messages[0].Text, SipdoPromptData.Label, SipdoJsonContext.Default.String);
            lock (asked)
            {
                asked.Add(label);
            }

            // Distinct wording per question, so the near-duplicate filter keeps every one.
            string topic = Topics[(asked.Count - 1) % Topics.Length];
            return ScriptedReply.FromText($$"""{"input": "{{topic}} Options: (A) 1 (B) 2 (C) 3 (D) 4 (E) 5", "answer": "{{label}}", "choices": [], "rationale": "r"}""");
        });
        client.RespondForRoleWith("sipdo.verifier", _ => ScriptedReply.FromText("""{"answer": null, "label_is_correct": true, "reason": "ok"}"""));
        client.RespondForRoleWith("sipdo.task", call => ScriptedReply.FromText("Counting rows... So the answer is " + asked[0] + "."));

        var run = await PromptLoop.Create().WithChatClient(client).UseSipdo(task, o =>
        {
            o.Levels = 5;
            o.SelectionRound = false;
            o.VerifierVotes = 1;
        }).Build().RunAsync("Answer the question about the penguin table.", TestContext.Current.CancellationToken);

        asked.Count.ShouldBe(5);
        asked.ShouldAllBe(l => Letter().IsMatch(l));
        asked.Distinct().Count().ShouldBe(5, "label-first sampling spreads over the option letters like the real targets");
        run.Samples.Select(s => s.Expected).ShouldBe(asked);
        run.MetricHistory[0].Metrics[SipdoMetrics.Coverage].Value.ShouldBe(1, "the task model answered the first label, graded as a letter");
    }

    private static readonly string[] Topics =
    [
        "How many penguins are older than Gwen?",
        "Which column lists weight, and how many birds exceed twelve kilograms?",
        "After removing Bernard, what number of animals remain in the table?",
        "Count the rows whose height is below sixty centimetres.",
        "If Vincent and Louis swap ages, how many are now younger than eight?",
        "Sorting alphabetically, at which position does James appear?",
    ];

    [GeneratedRegex(@"^\([A-E]\)$")]
    private static partial Regex Letter();
}
