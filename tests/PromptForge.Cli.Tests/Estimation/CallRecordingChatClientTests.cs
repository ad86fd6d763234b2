using Microsoft.Extensions.AI;
using PromptForge.Cli.Estimation;
using PromptForge.Cli.Tests.Fakes;

namespace PromptForge.Cli.Tests.Estimation;

public sealed class CallRecordingChatClientTests
{
    private const string Japanese = "昨日注文した商品がまだ届いていません。配送状況を確認していただけますか。";

    [Fact]
    public async Task GetResponseAsync_OpenAIModel_RecordsTheVocabularysTokensNotCharactersOverFour()
    {
        var recorder = new CallRecordingChatClient(new SchemaEchoChatClient(), ModelFamilyTokenCounter.Default, defaultModelId: "gpt-4o-mini");
        var options = new ChatOptions { AdditionalProperties = new() { [PromptForgeChatOptionKeys.Role] = "synsmith.generator" } };

        await recorder.GetResponseAsync([new ChatMessage(ChatRole.User, Japanese)], options, TestContext.Current.CancellationToken);

        RecordedCall call = recorder.Calls.Single();
        call.RoleTag.ShouldBe("synsmith.generator");
        call.InputTokens.ShouldBe(ModelFamilyTokenCounter.Default.CountTokens(Japanese, "gpt-4o"));
        call.InputTokens.ShouldBeGreaterThan((Japanese.Length + 3) / 4);   // characters / 4 would undercount Japanese
        call.OutputTokens.ShouldBe(ModelFamilyTokenCounter.Default.CountTokens(SchemaEchoChatClient.TextReply, "gpt-4o"));
    }

    [Fact]
    public async Task GetResponseAsync_CallNamesItsModel_CountsWithThatModelsFamily()
    {
        var recorder = new CallRecordingChatClient(new SchemaEchoChatClient(), ModelFamilyTokenCounter.Default, defaultModelId: "gpt-4o-mini");

        await recorder.GetResponseAsync([new ChatMessage(ChatRole.User, Japanese)], new ChatOptions { ModelId = "claude-sonnet-4-5" }, TestContext.Current.CancellationToken);

        recorder.Calls.Single().InputTokens.ShouldBe((Japanese.Length + 3) / 4);   // no offline Claude tokenizer: the fallback
    }
}
