"""Maps the top-level folders onto the ``backendbot`` import namespace (everything else is in pyproject.toml).

``cli/`` is the root package ``backendbot``; ``core/``, ``lsp_server/`` and ``github_app/``
become ``backendbot.core`` and so on, so a user's own ``core`` package can never shadow
ours. Subpackages are found here, so a new folder with an ``__init__.py`` needs no listing.
"""

from setuptools import find_packages, setup

FOLDERS = {
    "backendbot": "cli",
    "backendbot.core": "core",
    "backendbot.lsp_server": "lsp_server",
    "backendbot.github_app": "github_app",
}

packages = []
package_dir = {}
for name, folder in FOLDERS.items():
    package_dir[name] = folder
    packages.append(name)
    packages += [f"{name}.{sub}" for sub in find_packages(folder)]

setup(packages=packages, package_dir=package_dir)
