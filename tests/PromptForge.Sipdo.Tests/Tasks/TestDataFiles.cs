namespace PromptForge.Sipdo.Tests.Tasks;

internal static class TestDataFiles
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "TestData");

    public static string PathOf(string folder, string file) => Path.Combine(Root, folder, file);

    public static TheoryData<string> JsonFilesIn(string folder)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Root, folder), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }
}
