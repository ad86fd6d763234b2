namespace PromptForge.Sipdo;

/// <summary>
/// Sends a SIPDO request to the simulation of its role. The simulated worlds (<see cref="SipdoSimulatedBehavior"/> for
/// the built-in causal-judgement world, <see cref="SipdoTaskSimulatedBehavior"/> for any task) differ only in how each
/// role answers.
/// </summary>
internal abstract class SipdoRoleBehavior : ISimulatedRoleBehavior
{
    public IReadOnlyCollection<string> RoleTags => SipdoRoles.AllTags;

    public SimulatedRoleResponse Respond(SimulatedRoleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The role data is the first user message; a repair call appends its instruction after it.
        var data = request.FirstUserText;
        var tag = request.RoleTag;
        return tag == SipdoRoles.Generator.Tag ? Generate(request, data)
            : tag == SipdoRoles.Verifier.Tag ? Verify(request, data)
            : tag == SipdoRoles.Summarizer.Tag ? Summarize(data)
            : tag == SipdoRoles.Task.Tag ? Answer(request)
            : tag == SipdoRoles.ErrorAnalysis.Tag ? Analyze(data)
            : tag == SipdoRoles.Suggestion.Tag ? Suggest(request, data)
            : tag == SipdoRoles.Rewrite.Tag ? Rewrite(request, data)
            : throw new InvalidOperationException($"'{tag}' is not a SIPDO role.");
    }

    /// <summary>True with the given probability, drawn from <paramref name="random"/>.</summary>
    protected static bool Chance(Random random, double probability) => random.NextDouble() < probability;

    protected abstract SimulatedRoleResponse Generate(SimulatedRoleRequest request, string data);

    protected abstract SimulatedRoleResponse Verify(SimulatedRoleRequest request, string data);

    protected abstract SimulatedRoleResponse Summarize(string data);

    protected abstract SimulatedRoleResponse Answer(SimulatedRoleRequest request);

    protected abstract SimulatedRoleResponse Analyze(string data);

    protected abstract SimulatedRoleResponse Suggest(SimulatedRoleRequest request, string data);

    protected abstract SimulatedRoleResponse Rewrite(SimulatedRoleRequest request, string data);
}
