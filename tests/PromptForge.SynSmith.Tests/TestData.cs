namespace PromptForge.SynSmith.Tests;

/// <summary>Paths of the copied reference datasets.</summary>
internal static class TestData
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "TestData", "synsmith");

    public static string Dataset(string name) => Path.Combine(Root, name);

    public static string File(string dataset, string file) => Path.Combine(Root, dataset, file);

    public static AttributeSchema CustomerSupportSchema() => AttributeSchema.Load(File("customer_support", "schema.yaml"));

    public static RealExampleSet CustomerSupportReal() => RealExampleSet.Load(File("customer_support", "real_examples.jsonl"), CustomerSupportSchema());

    /// <summary>A temporary folder deleted on dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            PathName = Directory.CreateTempSubdirectory("synsmith-tests-").FullName;
        }

        public string PathName { get; }

        public string Write(string relative, string content)
        {
            var path = Path.Combine(PathName, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            System.IO.File.WriteAllText(path, content);
            return path;
        }

        public void Dispose() => Directory.Delete(PathName, recursive: true);
    }
}
