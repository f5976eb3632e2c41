using Xunit;

namespace VictimAssistance.Tests.Infrastructure;

/// <summary>One <see cref="BicepFixture"/> (build, lint, format and the predictions) for every infrastructure test class.</summary>
[CollectionDefinition(Name)]
public sealed class BicepGroup : ICollectionFixture<BicepFixture>
{
    public const string Name = "Bicep";
}
