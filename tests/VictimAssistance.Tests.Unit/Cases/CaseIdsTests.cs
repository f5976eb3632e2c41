using VictimAssistance.Core.Cases;

namespace VictimAssistance.Tests.Cases;

/// <summary>Which strings may name a case (and a referral): 32 lowercase hex characters, nothing else, null included.</summary>
public sealed class CaseIdsTests
{
    [Fact]
    public void A_new_id_is_well_formed() => Assert.True(CaseIds.IsWellFormed(CaseIds.New()));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0123456789abcdef0123456789abcde")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcdeg")]
    [InlineData("0123456789abcdef' or ''='abcdef0")]
    public void Anything_but_32_lowercase_hex_characters_is_not_well_formed(string? caseId) => Assert.False(CaseIds.IsWellFormed(caseId));
}
