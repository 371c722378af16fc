# SPDX-License-Identifier: Apache-2.0
# fish completion for sociscopectl
set -l cmds catalog tags inspect copy demo login logout ls cat extract inventory diff export-layer index ztoc cache mount umount mounts events daemon run ps stop
complete -c sociscopectl -f
complete -c sociscopectl -n "not __fish_seen_subcommand_from $cmds" -a "$cmds"
complete -c sociscopectl -l json -d 'machine-readable output'
complete -c sociscopectl -l platform -x -a 'linux/amd64 linux/arm64 linux/arm/v7' -d 'platform of a multi-platform image'
complete -c sociscopectl -l plain-http -d 'HTTP, not HTTPS'
complete -c sociscopectl -l insecure -d 'HTTPS without certificate checks'
complete -c sociscopectl -l stats -d 'fetch statistics on stderr'
complete -c sociscopectl -s v -l verbose -d 'debug output'
complete -c sociscopectl -s q -l quiet -d 'no progress output'
complete -c sociscopectl -l version -d 'print the version'
complete -c sociscopectl -n "__fish_seen_subcommand_from index" -a "create convert push info prefetch"
complete -c sociscopectl -n "__fish_seen_subcommand_from ztoc" -a "info build"
complete -c sociscopectl -n "__fish_seen_subcommand_from cache" -a "info prune clear"
complete -c sociscopectl -n "__fish_seen_subcommand_from tags" -l families -d 'group tags into families'
complete -c sociscopectl -n "__fish_seen_subcommand_from ls" -s R -l recursive -d 'list recursively'
complete -c sociscopectl -n "__fish_seen_subcommand_from extract" -s o -l output -r -d 'target folder'
complete -c sociscopectl -n "__fish_seen_subcommand_from diff" -l content -d 'read changed files to compare their bytes'
complete -c sociscopectl -n "__fish_seen_subcommand_from diff" -l inventory -d 'also compare the packages'
complete -c sociscopectl -n "__fish_seen_subcommand_from diff" -l exit-code -d 'exit 1 when the images differ'
complete -c sociscopectl -n "__fish_seen_subcommand_from export-layer" -s o -l output -r -d 'output file'
complete -c sociscopectl -n "__fish_seen_subcommand_from export-layer" -l uncompressed -d 'write the tar, checked against the diff_id'
complete -c sociscopectl -n "__fish_seen_subcommand_from export-layer" -s f -l force -d 'replace an existing file'
complete -c sociscopectl -n "__fish_seen_subcommand_from run" -l rm -d 'remove the run when it ends'
complete -c sociscopectl -n "__fish_seen_subcommand_from run" -l record-startup -d 'record the spans the startup reads'
complete -c sociscopectl -n "__fish_seen_subcommand_from mount umount ls extract" -F
