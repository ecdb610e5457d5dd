namespace EvSysReview.Reviews.Accounts;

/// <summary>Checks a password against a stored hash; a seam so tests can see which hash sign-in checked.</summary>
public interface IPasswordVerifier
{
    bool Verify(string password, string encodedHash);
}

/// <summary>The real check: PBKDF2-SHA256 (<see cref="PasswordHash"/>).</summary>
public sealed class Pbkdf2PasswordVerifier : IPasswordVerifier
{
    public bool Verify(string password, string encodedHash) => PasswordHash.Verify(password, encodedHash);
}
