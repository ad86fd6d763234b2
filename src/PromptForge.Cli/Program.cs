using PromptForge.Cli.Hosting;

return await CliApplication.RunAsync(args, CliEnvironment.FromProcess()).ConfigureAwait(false);
