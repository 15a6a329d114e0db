namespace Microchannels.Channels.Wire;

/// <summary>
/// A BOLT 9 feature: a pair of bits, the even one meaning "required" and the
/// odd one "optional" (BOLT 9: "assigned in pairs so that features can be
/// introduced as optional (odd bits) and later upgraded to be compulsory
/// (even bits)").
/// </summary>
public sealed record Feature
{
    public Feature(string name, int requiredBit)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegative(requiredBit);
        if (requiredBit % 2 != 0)
        {
            throw new ArgumentException($"The required bit of {name} must be even, got {requiredBit}.", nameof(requiredBit));
        }

        Name = name;
        RequiredBit = requiredBit;
    }

    /// <summary>The name in BOLT 9's table, e.g. "option_static_remotekey".</summary>
    public string Name { get; }

    /// <summary>The even bit: set by a node that requires the feature.</summary>
    public int RequiredBit { get; }

    /// <summary>The odd bit: set by a node that supports but does not require the feature.</summary>
    public int OptionalBit => RequiredBit + 1;

    public override string ToString() => $"{Name} ({RequiredBit}/{OptionalBit})";
}
