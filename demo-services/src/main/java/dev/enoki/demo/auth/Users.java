package dev.enoki.demo.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/**
 * The example's user table: names, salted PBKDF2 password hashes (the JDK's, where Nameko's example uses bcrypt)
 * and roles. Only the hashes are kept.
 */
final class Users {
    private static final int ITERATIONS = 60_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    record User(String name, byte[] salt, byte[] hash, List<String> roles) {
    }

    private final Map<String, User> users;

    private Users(Map<String, User> users) {
        this.users = users;
    }

    /** Nameko's example users: matt is a developer, susie a developer and an admin. */
    static Users example() {
        return new Users(Map.of(
                "matt", user("matt", "secret", List.of("developer")),
                "susie", user("susie", "super-secret", List.of("developer", "admin"))));
    }

    /** The user, if the password is theirs. */
    User check(String name, String password) {
        User user = users.get(name);
        if (user == null || password == null
                || !MessageDigest.isEqual(user.hash(), hash(password, user.salt()))) {
            throw new Unauthenticated("unknown user or wrong password");
        }
        return user;
    }

    private static User user(String name, String password, List<String> roles) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new User(name, salt, hash(password, salt), roles);
    }

    private static byte[] hash(String password, byte[] salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 is missing from this JDK", e);
        }
    }
}
