using System.Text;
using PromptForge.Cli.Providers.Batch;

namespace PromptForge.Cli.Tests.Providers.Batch;

public sealed class BatchJournalTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pf-journal-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Open_AfterSubmissionsAndAFinish_RestoresLatestBatchStatusAndCounts()
    {
        BatchJournal journal = BatchJournal.Open(_directory);
        journal.RecordSubmitted("batch_1", "file-1", ["a", "b"]);
        journal.RecordFinished("batch_1", "expired");
        journal.RecordSubmitted("batch_2", "file-2", ["b"]);

        BatchJournal reopened = BatchJournal.Open(_directory);

        reopened.LatestBatchOf("a").ShouldBe("batch_1");
        reopened.LatestBatchOf("b").ShouldBe("batch_2");
        reopened.LatestBatchOf("c").ShouldBeNull();
        reopened.FinalStatusOf("batch_1").ShouldBe("expired");
        reopened.FinalStatusOf("batch_2").ShouldBeNull();
        reopened.SubmissionsOf("b").ShouldBe(2);
    }

    [Fact]
    public void Open_TornLastLine_KeepsTheCompleteEntries()
    {
        BatchJournal.Open(_directory).RecordSubmitted("batch_1", "file-1", ["a"]);
        File.AppendAllText(Path.Combine(_directory, "journal.jsonl"), "{\"event\":\"submitted\",\"batch_id\":\"batch_2\",\"custom_");

        BatchJournal reopened = BatchJournal.Open(_directory);

        reopened.LatestBatchOf("a").ShouldBe("batch_1");
    }

    [Fact]
    public void ReadLines_OutputErrorAndExpiredLines_MapsEachByCustomIdAndLeavesExpiredOut()
    {
        string content = string.Join('\n',
            "{\"custom_id\":\"ok\",\"response\":{\"status_code\":200,\"body\":{\"id\":\"chatcmpl-1\"}},\"error\":null}",
            "{\"custom_id\":\"failed\",\"response\":{\"status_code\":500,\"body\":{\"error\":{\"message\":\"boom\"}}},\"error\":null}",
            "{\"custom_id\":\"expired\",\"response\":null,\"error\":{\"code\":\"batch_expired\",\"message\":\"late\"}}",
            "{\"custom_id\":\"other\",\"response\":null,\"error\":{\"code\":\"invalid_body\",\"message\":\"bad\"}}",
            "not json");
        var results = new Dictionary<string, BatchLineResult>();

        OpenAIBatchQueue.ReadLines(Encoding.UTF8.GetBytes(content), results);

        results.Keys.ShouldBe(["ok", "failed", "other"], ignoreOrder: true);
        results["ok"].StatusCode.ShouldBe(200);
        Encoding.UTF8.GetString(results["ok"].Body).ShouldContain("chatcmpl-1");
        results["failed"].StatusCode.ShouldBe(500);
        results["other"].StatusCode.ShouldBe(500);
        Encoding.UTF8.GetString(results["other"].Body).ShouldContain("bad");
    }

    [Fact]
    public void CustomId_SameBody_IsStableAndDiffersForAnotherBody()
    {
        byte[] body = Encoding.UTF8.GetBytes("{\"model\":\"m\",\"messages\":[]}");

        BatchInterceptingHandler.CustomId(body).ShouldBe(BatchInterceptingHandler.CustomId([.. body]));
        BatchInterceptingHandler.CustomId(body).ShouldNotBe(BatchInterceptingHandler.CustomId(Encoding.UTF8.GetBytes("{\"model\":\"n\",\"messages\":[]}")));
        BatchInterceptingHandler.CustomId(body).ShouldStartWith("pf-");
    }
}
