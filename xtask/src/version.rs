//! Plain `major.minor.patch` versions and the bumps a release applies to them.

use std::fmt;
use std::str::FromStr;

/// Which part of the version to increment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bump {
    /// `x.y.z` to `(x+1).0.0`.
    Major,
    /// `x.y.z` to `x.(y+1).0`.
    Minor,
    /// `x.y.z` to `x.y.(z+1)`.
    Patch,
}

impl FromStr for Bump {
    type Err = String;

    fn from_str(text: &str) -> Result<Bump, String> {
        match text {
            "major" => Ok(Bump::Major),
            "minor" => Ok(Bump::Minor),
            "patch" => Ok(Bump::Patch),
            _ => Err(format!(
                "unknown bump `{text}`: expected major, minor or patch"
            )),
        }
    }
}

/// A plain `major.minor.patch` version; pre-releases are not used here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Version {
    /// Incompatible changes.
    pub major: u64,
    /// Compatible additions (breaking while major is 0).
    pub minor: u64,
    /// Fixes.
    pub patch: u64,
}

impl Version {
    /// The version after `bump`.
    pub fn bumped(self, bump: Bump) -> Version {
        let Version {
            major,
            minor,
            patch,
        } = self;
        match bump {
            Bump::Major => Version {
                major: major + 1,
                minor: 0,
                patch: 0,
            },
            Bump::Minor => Version {
                major,
                minor: minor + 1,
                patch: 0,
            },
            Bump::Patch => Version {
                major,
                minor,
                patch: patch + 1,
            },
        }
    }
}

impl FromStr for Version {
    type Err = String;

    fn from_str(text: &str) -> Result<Version, String> {
        let parts: Vec<Result<u64, _>> = text.split('.').map(str::parse).collect();
        match parts.as_slice() {
            [Ok(major), Ok(minor), Ok(patch)] => Ok(Version {
                major: *major,
                minor: *minor,
                patch: *patch,
            }),
            _ => Err(format!(
                "unsupported version `{text}`: expected major.minor.patch"
            )),
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bumps() {
        let version: Version = "0.3.7".parse().unwrap();
        assert_eq!(version.bumped(Bump::Major).to_string(), "1.0.0");
        assert_eq!(version.bumped(Bump::Minor).to_string(), "0.4.0");
        assert_eq!(version.bumped(Bump::Patch).to_string(), "0.3.8");
        assert!("1.0".parse::<Version>().is_err());
        assert!("1.0.0-rc.1".parse::<Version>().is_err());
        assert_eq!("minor".parse(), Ok(Bump::Minor));
        assert!("huge".parse::<Bump>().is_err());
    }
}
