% resize_course.m -- the MATLAB-compatible antialiased bicubic resampling matrix
% (the filter of docs/FACTS.md, "digits20").
% M is out_len x in_len; a 2-D image A (in_len x in_len) resizes to M * A * M'.
%   cubic kernel a = -0.5; when shrinking by s = out_len/in_len the kernel is stretched,
%   w(x) = s*k(s*x), support 4/s; output pixel i sits at u = i/s + 0.5*(1 - 1/s);
%   out-of-range taps reflect symmetrically (1..n, n..1, ...); each row of weights sums to 1.
function M = resize_course(in_len, out_len)
  scale = out_len / in_len;
  s = min(scale, 1);                          % no antialiasing when enlarging
  M = zeros(out_len, in_len);
  half = 2 / s;                               % half of the support 4/s
  reflect = [1:in_len, in_len:-1:1];
  for i = 1:out_len
    u = i / scale + 0.5 * (1 - 1 / scale);
    j = ceil(u - half):floor(u + half);       % taps with w(u - j) possibly nonzero
    w = s * cubic(s * (u - j));
    w = w / sum(w);
    src = reflect(mod(j - 1, numel(reflect)) + 1);
    for t = 1:numel(j)
      M(i, src(t)) += w(t);
    end
  end
end

function k = cubic(x)
  ax = abs(x);
  k = (1.5 * ax.^3 - 2.5 * ax.^2 + 1) .* (ax <= 1) + ...
      (-0.5 * ax.^3 + 2.5 * ax.^2 - 4 * ax + 2) .* (ax > 1 & ax <= 2);
end
