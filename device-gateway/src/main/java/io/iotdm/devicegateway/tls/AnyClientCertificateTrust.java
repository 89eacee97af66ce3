package io.iotdm.devicegateway.tls;

import java.net.Socket;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.BooleanSupplier;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A JCA provider whose TrustManagerFactory accepts any client certificate chain for a truststore that holds {@link
 * #MARKER_ALIAS}, and is the JDK's PKIX factory for every other truststore. HiveMQ CE builds its TLS listener's trust
 * from a truststore file with the default TrustManagerFactory algorithm and has no hook for a trust manager of one's own
 * (shared/docs/toolchain.md, "Device TLS"), so {@link #install} makes this factory the default: devices whose CA was
 * registered a second ago, or who registered no CA at all, finish the handshake, and the authenticator decides by the
 * certificate's registration. The handshake still proves that the device holds the certificate's private key
 * (CertificateVerify); a device without a certificate fails it.
 *
 * <p>Fail closed: a chain is accepted only while {@code authenticatorReady} says the gateway's authenticator is
 * registered with the broker. Were the extension not started, HiveMQ would let every client in; here the handshake
 * fails instead.
 */
public final class AnyClientCertificateTrust extends Provider {

    /** The TrustManagerFactory algorithm this provider registers. */
    public static final String ALGORITHM = "IotdmAnyClientCertificate";

    /** The alias of the trusted-certificate entry that marks the device listener's truststore. */
    public static final String MARKER_ALIAS = "iotdm-accept-any-client-certificate";

    private static final String NAME = "IotdmDeviceTls";

    private final transient BooleanSupplier authenticatorReady;

    private AnyClientCertificateTrust(BooleanSupplier authenticatorReady) {
        super(NAME, "1.0", "iotdm device gateway: client certificates from any issuer, decided by the authenticator");
        this.authenticatorReady = authenticatorReady;
        putService(new Service(this, "TrustManagerFactory", ALGORITHM, Factory.class.getName(), null, null) {
            @Override
            public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
                return new Factory(AnyClientCertificateTrust.this.authenticatorReady);
            }
        });
    }

    /**
     * Makes this provider's factory the JVM's default TrustManagerFactory (a previous gateway's in this JVM, a test's,
     * is replaced). Must run before the broker builds its TLS context.
     */
    public static void install(BooleanSupplier authenticatorReady) {
        Security.removeProvider(NAME);
        Security.addProvider(new AnyClientCertificateTrust(authenticatorReady));
        Security.setProperty("ssl.TrustManagerFactory.algorithm", ALGORITHM);
    }

    static final class Factory extends TrustManagerFactorySpi {

        private final BooleanSupplier authenticatorReady;
        private final TrustManagerFactory pkix;
        private boolean anyClient;

        Factory(BooleanSupplier authenticatorReady) throws NoSuchAlgorithmException {
            this.authenticatorReady = authenticatorReady;
            this.pkix = TrustManagerFactory.getInstance("PKIX");
        }

        @Override
        protected void engineInit(KeyStore keyStore) throws KeyStoreException {
            anyClient = keyStore != null && keyStore.containsAlias(MARKER_ALIAS);
            pkix.init(keyStore);
        }

        @Override
        protected void engineInit(ManagerFactoryParameters parameters) throws InvalidAlgorithmParameterException {
            anyClient = false;
            pkix.init(parameters);
        }

        @Override
        protected TrustManager[] engineGetTrustManagers() {
            TrustManager[] managers = pkix.getTrustManagers();
            if (!anyClient) {
                return managers;
            }
            for (TrustManager manager : managers) {
                if (manager instanceof X509ExtendedTrustManager servers) {
                    return new TrustManager[] {new AnyClient(servers, authenticatorReady)};
                }
            }
            throw new IllegalStateException("the JDK's PKIX TrustManagerFactory made no X509ExtendedTrustManager");
        }
    }

    /** Any non-empty client chain while the authenticator is ready; servers' chains as PKIX checks them. */
    private static final class AnyClient extends X509ExtendedTrustManager {

        private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

        private final X509ExtendedTrustManager servers;
        private final BooleanSupplier authenticatorReady;

        AnyClient(X509ExtendedTrustManager servers, BooleanSupplier authenticatorReady) {
            this.servers = servers;
            this.authenticatorReady = authenticatorReady;
        }

        private void accept(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("a client certificate is required");
            }
            if (!authenticatorReady.getAsBoolean()) {
                throw new CertificateException("the device gateway's authenticator is not running");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            accept(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            accept(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            accept(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            servers.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            servers.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            servers.checkServerTrusted(chain, authType, engine);
        }

        /** None: a device may present a certificate of any issuer (TLS 1.2 and 1.3 allow an empty list). */
        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return NO_ISSUERS;
        }
    }
}
