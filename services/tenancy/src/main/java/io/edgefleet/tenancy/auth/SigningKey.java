package io.edgefleet.tenancy.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;

/**
 * The EC P-256 key pair that signs access tokens (ES256). Only the public half ever leaves the service, as a JWKS.
 *
 * @param kid key id: base64url of the first 12 bytes of the SHA-256 of the public key's X.509 encoding
 */
public record SigningKey(ECPrivateKey privateKey, ECPublicKey publicKey, String kid) {

    private static final ECNamedCurveParameterSpec P256 = ECNamedCurveTable.getParameterSpec("secp256r1");

    /**
     * The key from a PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), or a fresh one when none is given.
     *
     * @throws IllegalArgumentException when the PEM is not a PKCS#8 EC P-256 private key (the message holds no key material)
     */
    public static SigningKey fromPem(Optional<String> pem) {
        try {
            return pem.isPresent() ? parse(pem.get()) : generate();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PKCS#8 EC P-256 private key: " + e.getClass().getSimpleName());
        }
    }

    private static SigningKey parse(String pem) throws GeneralSecurityException {
        String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replace("\\n", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the private key PEM is not base64 between BEGIN/END PRIVATE KEY lines");
        }
        KeyFactory ec = KeyFactory.getInstance("EC");
        if (!(ec.generatePrivate(new PKCS8EncodedKeySpec(der)) instanceof ECPrivateKey key)
                || !key.getParams().getOrder().equals(P256.getN())) {
            throw new IllegalArgumentException("the private key is not on curve P-256");
        }
        org.bouncycastle.math.ec.ECPoint q = P256.getG().multiply(key.getS()).normalize();
        ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
        ECPublicKey pub = (ECPublicKey) ec.generatePublic(new ECPublicKeySpec(w, key.getParams()));
        return of(key, pub);
    }

    private static SigningKey generate() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        var pair = generator.generateKeyPair();
        return of((ECPrivateKey) pair.getPrivate(), (ECPublicKey) pair.getPublic());
    }

    private static SigningKey of(ECPrivateKey key, ECPublicKey pub) {
        String sha = Secrets.sha256(Base64.getEncoder().encodeToString(pub.getEncoded()));
        byte[] id = java.util.HexFormat.of().parseHex(sha.substring(0, 24));
        return new SigningKey(key, pub, Base64.getUrlEncoder().withoutPadding().encodeToString(id));
    }

    /** The public key as a JWK Set: {@code {"keys": [{"kty": "EC", "crv": "P-256", "x", "y", "kid", "alg": "ES256", "use": "sig"}]}}. */
    public ObjectNode jwks() {
        ObjectNode jwk = JsonNodeFactory.instance.objectNode();
        jwk.put("kty", "EC").put("crv", "P-256").put("alg", "ES256").put("use", "sig").put("kid", kid);
        jwk.put("x", coordinate(publicKey.getW().getAffineX()));
        jwk.put("y", coordinate(publicKey.getW().getAffineY()));
        ObjectNode set = JsonNodeFactory.instance.objectNode();
        set.putArray("keys").add(jwk);
        return set;
    }

    /** The private key as a PKCS#8 PEM, for the token signer only; never logged or served. */
    String privatePem() {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(privateKey.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** The public key as a PEM ({@code -----BEGIN PUBLIC KEY-----}). */
    public String publicPem() {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(publicKey.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static String coordinate(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        int copy = Math.min(32, bytes.length);
        System.arraycopy(bytes, bytes.length - copy, fixed, 32 - copy, copy);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SigningKey key && Arrays.equals(key.publicKey.getEncoded(), publicKey.getEncoded());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey.getEncoded());
    }
}
