% read_idx.m -- read a gzipped MNIST IDX file.
%   images (magic 0x00000803): returns n x 784 doubles 0..255, each row one image in the
%                              file's row-major order (pixel (r,c) at column 28*(r-1)+c)
%   labels (magic 0x00000801): returns n x 1 doubles 0..9
function data = read_idx(gzfile)
  tmp = tempname(); mkdir(tmp);
  unwind_protect
    f = gunzip(gzfile, tmp);
    fid = fopen(f{1}, 'r', 'ieee-be');
    magic = fread(fid, 1, 'uint32');
    n = fread(fid, 1, 'uint32');
    if magic == hex2dec('00000803')
      rows = fread(fid, 1, 'uint32'); cols = fread(fid, 1, 'uint32');
      data = fread(fid, [rows * cols, n], 'uint8=>double')';
    elseif magic == hex2dec('00000801')
      data = fread(fid, n, 'uint8=>double');
    else
      error('read_idx: %s: bad magic 0x%08x', gzfile, magic);
    end
    fclose(fid);
    if size(data, 1) != n, error('read_idx: %s: truncated', gzfile); end
  unwind_protect_cleanup
    confirm_recursive_rmdir(false, 'local');
    rmdir(tmp, 's');
  end_unwind_protect
end
