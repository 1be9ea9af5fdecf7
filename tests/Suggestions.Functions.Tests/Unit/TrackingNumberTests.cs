using Suggestions.Tracking;

namespace Suggestions.Tests.Unit;

public sealed class TrackingNumberTests
{
    private static readonly TrackingSeal Seal = TrackingSeal.CreateRandom();

    [Fact]
    public void NewNumber_IsSixteenCrockfordCharactersInFourGroups_ThatParseBack()
    {
        for (var i = 0; i < 1000; i++)
        {
            var number = Seal.NewNumber();
            Assert.Matches("^[0-9A-HJKMNP-TV-Z]{16}$", number.Value);
            Assert.Matches("^([0-9A-HJKMNP-TV-Z]{4}-){3}[0-9A-HJKMNP-TV-Z]{4}$", number.Display);
            Assert.Equal(TrackingNumber.ParseError.None, TrackingNumber.TryParse(number.Display, out var parsed));
            Assert.Equal(number, parsed);
            Assert.True(Seal.Sealed(parsed));
        }
    }

    [Fact]
    public void NewNumber_DrawsDistinctNumbers()
    {
        var numbers = Enumerable.Range(0, 20_000).Select(_ => Seal.NewNumber().Value).ToHashSet();
        Assert.Equal(20_000, numbers.Count);
    }

    [Fact]
    public void Seal_OfAnotherKey_AlmostNeverMatches()
    {
        // 15 bits: another key's numbers carry a matching seal about once in 32,768.
        var other = TrackingSeal.CreateRandom();
        var matches = Enumerable.Range(0, 5000).Count(_ => Seal.Sealed(other.NewNumber()));
        Assert.True(matches <= 3, $"{matches} of 5000 numbers of another key passed as sealed");
    }

    [Fact]
    public void Seal_IsAFunctionOfKeyAndRandomPart()
    {
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var first = new TrackingSeal(key);
        var second = new TrackingSeal(key);
        for (var i = 0; i < 200; i++)
        {
            Assert.True(second.Sealed(first.NewNumber()));
        }

        Assert.Throws<ArgumentException>(() => new TrackingSeal(new byte[8]));
    }

    [Fact]
    public void TwoTyposThatGetPastTheCheckCharacter_AreAlmostAlwaysUnsealed()
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        var random = new Random(7);
        var pastCheck = 0;
        var passedAsSealed = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var number = Seal.NewNumber().Value.ToCharArray();
            var p = random.Next(TrackingNumber.Length);
            var q = (p + 1 + random.Next(TrackingNumber.Length - 1)) % TrackingNumber.Length;
            number[p] = alphabet[(alphabet.IndexOf(number[p], StringComparison.Ordinal) + 1 + random.Next(31)) % 32];
            number[q] = alphabet[(alphabet.IndexOf(number[q], StringComparison.Ordinal) + 1 + random.Next(31)) % 32];
            if (TrackingNumber.TryParse(new string(number), out var typo) == TrackingNumber.ParseError.None)
            {
                pastCheck++;
                passedAsSealed += Seal.Sealed(typo) ? 1 : 0;
            }
        }

        // About one double typo in 32 fools the check character; of those, about one in 32,768 the seal.
        Assert.InRange(pastCheck, 300, 1000);
        Assert.True(passedAsSealed <= 1, $"{passedAsSealed} double typos passed as sealed");
    }

    [Fact]
    public void TryParse_ToleratesCaseSpacesAndLookAlikes()
    {
        var number = Seal.NewNumber();
        var spoken = string.Join(' ', number.Value.Chunk(3).Select(c => new string(c))).ToLowerInvariant()
            .Replace('0', 'o').Replace('1', 'l');
        Assert.Equal(TrackingNumber.ParseError.None, TrackingNumber.TryParse(spoken, out var parsed));
        Assert.Equal(number.Value, parsed.Value);
    }

    [Fact]
    public void TryParse_AnySingleMistypedCharacter_IsCaught()
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        var number = Seal.NewNumber().Value;
        for (var position = 0; position < number.Length; position++)
        {
            foreach (var replacement in alphabet.Where(c => c != number[position]))
            {
                var typo = number[..position] + replacement + number[(position + 1)..];
                Assert.Equal(TrackingNumber.ParseError.CheckCharacter, TrackingNumber.TryParse(typo, out _));
            }
        }
    }

    [Fact]
    public void TryParse_SwappedNeighbours_AreCaughtAlmostAlways()
    {
        var caught = 0;
        var swaps = 0;
        for (var i = 0; i < 500; i++)
        {
            var number = Seal.NewNumber().Value;
            for (var p = 0; p < number.Length - 1; p++)
            {
                if (number[p] == number[p + 1])
                {
                    continue;
                }

                swaps++;
                var swapped = number[..p] + number[p + 1] + number[p] + number[(p + 2)..];
                if (TrackingNumber.TryParse(swapped, out _) != TrackingNumber.ParseError.None)
                {
                    caught++;
                }
            }
        }

        // Luhn mod 32 misses only swaps of one specific pair of values.
        Assert.True(caught >= swaps * 0.99, $"{caught} of {swaps} swaps caught");
    }

    [Theory]
    [InlineData("")]
    [InlineData("ABC")]
    [InlineData("ABCD-EFGH-JKMN-PQR")]
    [InlineData("ABCD-EFGH-JKMN-PQRSX")]
    [InlineData("ABCD-EFGH-JKMN-PQRU")]
    [InlineData("编号编号编号编号编号编号编号编号")]
    public void TryParse_WrongShape_IsFormatError(string input) =>
        Assert.Equal(TrackingNumber.ParseError.Format, TrackingNumber.TryParse(input, out _));
}
