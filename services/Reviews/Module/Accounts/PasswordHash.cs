using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EvSysReview.Reviews.Accounts;

/// <summary>
/// PBKDF2-SHA256 hashes in the form "pbkdf2-sha256$iterations$salt(base64)$hash(base64)", so the
/// configuration never holds a password. tools/hash-password.py prints one for a new user.
/// </summary>
public static class PasswordHash
{
    private const string Scheme = "pbkdf2-sha256";

    public const int DefaultIterations = 100_000;

    /// <summary>Hashes of a random password, one per iteration count, checked when the username is unknown.</summary>
    private static readonly ConcurrentDictionary<int, string> Decoys = new();

    public static string Create(string password, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        return $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string encoded)
    {
        var parts = encoded.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)) return false;
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>The iteration count of an encoded hash; null when it is not one of ours.</summary>
    public static int? Iterations(string encoded)
    {
        var parts = encoded.Split('$');
        return parts.Length == 4 && parts[0] == Scheme && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) ? iterations : null;
    }

    /// <summary>
    /// A hash no password matches in practice (its password is random and forgotten), with the given
    /// cost: verifying against it takes as long as verifying a real user's, so the answer's timing
    /// does not tell whether a username exists.
    /// </summary>
    public static string Decoy(int iterations) =>
        Decoys.GetOrAdd(iterations, count => Create(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), count));
}
