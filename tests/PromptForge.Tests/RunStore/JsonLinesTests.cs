using System.Text;

namespace PromptForge.Tests.RunStore;

public sealed class JsonLinesTests
{
    private static readonly TestRecord[] s_records = [new("alpha", 1), new("line\nbreak \"quoted\"", 2), new("gamma", 3)];

    [Fact]
    public void Serialize_WritesOneCompactSnakeCaseLinePerItem()
    {
        string text = Encoding.UTF8.GetString(JsonLines.Serialize(s_records, RunStoreTestJsonContext.Default.TestRecord));

        text.ShouldBe("""
            {"name":"alpha","value":1}
            {"name":"line\nbreak \u0022quoted\u0022","value":2}
            {"name":"gamma","value":3}

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Deserialize_SerializedItems_RoundTrips()
    {
        byte[] content = JsonLines.Serialize(s_records, RunStoreTestJsonContext.Default.TestRecord);

        JsonLinesReadResult<TestRecord> result = JsonLines.Deserialize(content, RunStoreTestJsonContext.Default.TestRecord);

        result.Items.ShouldBe(s_records);
        result.TornLineNumber.ShouldBeNull();
        result.SkippedLineCount.ShouldBe(0);
    }

    [Theory]
    [InlineData("{\"name\":\"gam")]
    [InlineData("{\"name\":\"gamma\",\"val")]
    [InlineData("{")]
    [InlineData("{\"name\":\"gamma\"}\n")]
    public void Deserialize_TornLastLine_SkipsItAndReportsLineNumber(string tornLine)
    {
        string content = "{\"name\":\"alpha\",\"value\":1}\n\n{\"name\":\"beta\",\"value\":2}\n" + tornLine;

        JsonLinesReadResult<TestRecord> result = JsonLines.Deserialize(Encoding.UTF8.GetBytes(content), RunStoreTestJsonContext.Default.TestRecord);

        result.Items.ShouldBe([new TestRecord("alpha", 1), new TestRecord("beta", 2)]);
        result.TornLineNumber.ShouldBe(4);
        result.SkippedLineCount.ShouldBe(1);
        result.TornLineError.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void Deserialize_CorruptMiddleLine_ThrowsNamingLineAndSource()
    {
        string content = "{\"name\":\"alpha\",\"value\":1}\r\n{\"name\":\"beta\",\"value\":2}\r\n{not json}\r\n{\"name\":\"gamma\",\"value\":3}\r\n";

        var ex = Should.Throw<JsonLinesFormatException>(
            () => JsonLines.Deserialize(Encoding.UTF8.GetBytes(content), RunStoreTestJsonContext.Default.TestRecord, "iter_001/samples.jsonl"));

        ex.LineNumber.ShouldBe(3);
        ex.SourceName.ShouldBe("iter_001/samples.jsonl");
        ex.Message.ShouldStartWith("iter_001/samples.jsonl, line 3:");
    }

    [Fact]
    public void Deserialize_NullLineInMiddle_IsAnError()
    {
        byte[] content = Encoding.UTF8.GetBytes("null\n{\"name\":\"a\",\"value\":1}\n");

        Should.Throw<JsonLinesFormatException>(() => JsonLines.Deserialize(content, RunStoreTestJsonContext.Default.TestRecord)).LineNumber.ShouldBe(1);
    }

    [Fact]
    public void Deserialize_ByteOrderMarkAndEmptyContent_Accepted()
    {
        byte[] withBom = [0xEF, 0xBB, 0xBF, .. "{\"name\":\"a\",\"value\":1}"u8];

        JsonLines.Deserialize(withBom, RunStoreTestJsonContext.Default.TestRecord).Items.ShouldBe([new TestRecord("a", 1)]);
        JsonLines.Deserialize([], RunStoreTestJsonContext.Default.TestRecord).Items.ShouldBeEmpty();
    }
}
