//! Extra certificate authorities, trusted in addition to the system's roots.

use std::path::{Path, PathBuf};

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;

/// The certificates of a PEM file, each checked to be usable as a trust anchor.
#[derive(Clone)]
pub struct CaBundle {
    path: PathBuf,
    certificates: Vec<reqwest::Certificate>,
}

impl std::fmt::Debug for CaBundle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaBundle")
            .field("path", &self.path)
            .field("certificates", &self.certificates.len())
            .finish()
    }
}

/// A CA file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CaError {
    /// The file cannot be read.
    #[error("cannot read `--cacert` file `{}`: {error}", .path.display())]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The file contains no PEM certificate, or a malformed one.
    #[error("invalid `--cacert` file `{}`: {reason}", .path.display())]
    Invalid { path: PathBuf, reason: String },
}

impl CaBundle {
    /// Reads every `CERTIFICATE` block of a PEM file.
    ///
    /// # Errors
    ///
    /// Returns [`CaError::Read`] when the file cannot be read, and [`CaError::Invalid`] when it
    /// contains no PEM certificate or one that is not a valid X.509 trust anchor.
    pub fn load(path: &Path) -> Result<Self, CaError> {
        let pem = std::fs::read(path).map_err(|error| CaError::Read {
            path: path.to_owned(),
            error,
        })?;
        let invalid = |reason: String| CaError::Invalid {
            path: path.to_owned(),
            reason,
        };

        let mut anchors = rustls::RootCertStore::empty();
        let mut certificates = Vec::new();
        for (index, item) in CertificateDer::pem_slice_iter(&pem).enumerate() {
            let der = item.map_err(|err| {
                invalid(format!("certificate {} is not valid PEM: {err}", index + 1))
            })?;
            anchors.add(der.clone()).map_err(|err| {
                invalid(format!(
                    "certificate {} is not a valid X.509 certificate: {err}",
                    index + 1
                ))
            })?;
            let certificate = reqwest::Certificate::from_der(&der)
                .map_err(|err| invalid(format!("certificate {} is unusable: {err}", index + 1)))?;
            certificates.push(certificate);
        }
        if certificates.is_empty() {
            return Err(invalid(
                "expected at least one PEM block `-----BEGIN CERTIFICATE-----`, found none"
                    .to_owned(),
            ));
        }
        Ok(CaBundle {
            path: path.to_owned(),
            certificates,
        })
    }

    /// Returns the file the certificates came from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Returns the certificates, in file order.
    pub fn certificates(&self) -> &[reqwest::Certificate] {
        &self.certificates
    }
}
