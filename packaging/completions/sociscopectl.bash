# SPDX-License-Identifier: Apache-2.0
# bash completion for sociscopectl
_sociscopectl()
{
    local cur prev words cword
    _init_completion || return
    local commands="catalog tags inspect copy demo login logout ls cat extract inventory diff export-layer index ztoc cache mount umount mounts events daemon run ps stop"
    local globals="--json --platform --plain-http --insecure --stats --verbose --quiet --help --version"
    local cmd="" i
    for ((i = 1; i < cword; i++)); do
        case "${words[i]}" in
            -*) ;;
            *) if [[ " $commands " == *" ${words[i]} "* ]]; then cmd=${words[i]}; break; fi ;;
        esac
    done
    case "$prev" in
        --platform) COMPREPLY=($(compgen -W "linux/amd64 linux/arm64 linux/arm/v7 linux/ppc64le linux/s390x" -- "$cur")); return ;;
        -o|--output) _filedir; return ;;
    esac
    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "$commands $globals" -- "$cur"))
        return
    fi
    local opts=""
    case "$cmd" in
        tags) opts="--families --parallel" ;;
        inspect) opts="--raw" ;;
        login) opts="--username --password --password-stdin" ;;
        ls) opts="--recursive --layer --no-spans" ;;
        extract) opts="--output --strip-components" ;;
        diff) opts="--content --inventory --exit-code" ;;
        export-layer) opts="--output --uncompressed --force" ;;
        index) opts="create convert push info prefetch add --from --from-last-run --span-size --min-layer-size --build-tool-id --all-platforms --output" ;;
        ztoc) opts="info build --layer --span-size --build-tool-id --output" ;;
        cache) opts="info prune clear --max-size" ;;
        events) opts="--mount --count" ;;
        daemon) opts="status" ;;
        run) opts="--rm -it -i -t --env --user --workdir --entrypoint --name --record-startup" ;;
    esac
    if [[ $cur == oci:* ]]; then
        local path=${cur#oci:}
        COMPREPLY=($(compgen -d -P oci: -- "$path"))
        return
    fi
    COMPREPLY=($(compgen -W "$opts $globals" -- "$cur"))
    [[ $cmd == mount || $cmd == umount ]] && _filedir -d
}
complete -F _sociscopectl sociscopectl
