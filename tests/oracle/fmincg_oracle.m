% fmincg_oracle.m -- the oracle of nnwb's conjugate gradient (lib/nn_optim.c).
% Rasmussen's Polak-Ribiere conjugate gradient with the quadratic/cubic line search under the
% Wolfe-Powell conditions, as the course's fmincg runs it, written in plain Octave from the
% description in docs/FACTS.md, "fmincg" (RHO 0.01, SIG 0.5, INT 0.1, EXT 3, MAX 20 evaluations
% per line search, RATIO 100; stop after two failed line searches in a row or maxiter iterations).
%
%   [x, costs, nevals] = fmincg_oracle(fun, x, maxiter)
%     fun     handle: [f, g] = fun(x), cost and gradient (column vector)
%     x       start (column vector); returned: the end point
%     costs   column vector, the cost after each successful line search
%     nevals  number of calls of fun
%
% Non-real or non-finite interpolation results are replaced as the algorithm says (bisection in
% the interpolation loop, a fixed extrapolation otherwise). After a failed search the restart
% direction is minus the gradient of the last point tried (fmincg's behaviour).
function [x, costs, nevals] = fmincg_oracle(fun, x, maxiter)
  RHO = 0.01; SIG = 0.5; INT = 0.1; EXT = 3.0; MAXEV = 20; RATIO = 100;
  costs = zeros(0, 1);
  [fa, ga] = fun(x);  nevals = 1;               % a: the start of the current line search
  dir = -ga;
  slope_a = -(dir' * dir);
  step = 1 / (1 - slope_a);
  prev_failed = false;

  for it = 1:maxiter
    x_start = x;  f_start = fa;
    % trial point b at distance zb along dir, with value fb and slope sb
    zb = step;  x = x + zb * dir;
    [fb, gb] = fun(x);  nevals = nevals + 1;  sb = gb' * dir;
    % the other bracket point c, at offset zc from b
    fc = fa;  sc = slope_a;  zc = -zb;
    left = MAXEV;  too_far = -1;  ok = false;
    while true
      while (fb > fa + zb * RHO * slope_a || sb > -SIG * slope_a) && left > 0
        too_far = zb;
        if fb > fa
          mv = zc - (0.5 * sc * zc^2) / (sc * zc + fb - fc);           % quadratic
        else
          cA = 6 * (fb - fc) / zc + 3 * (sb + sc);
          cB = 3 * (fc - fb) - zc * (sc + 2 * sb);
          mv = (sqrt(cB^2 - cA * sb * zc^2) - cB) / cA;               % cubic
        end
        if ~isreal(mv) || isnan(mv) || isinf(mv)
          mv = zc / 2;
        end
        mv = max(min(mv, INT * zc), (1 - INT) * zc);
        zb = zb + mv;  x = x + mv * dir;
        [fb, gb] = fun(x);  nevals = nevals + 1;  left = left - 1;  sb = gb' * dir;
        zc = zc - mv;
      end
      if fb > fa + zb * RHO * slope_a || sb > -SIG * slope_a
        break;                                   % failed
      elseif sb > SIG * slope_a
        ok = true;  break;                       % accepted
      elseif left == 0
        break;                                   % failed
      end
      cA = 6 * (fb - fc) / zc + 3 * (sb + sc);
      cB = 3 * (fc - fb) - zc * (sc + 2 * sb);
      mv = -sb * zc^2 / (cB + sqrt(cB^2 - cA * sb * zc^2));          % cubic extrapolation
      if ~isreal(mv) || isnan(mv) || isinf(mv) || mv < 0
        if too_far < -0.5
          mv = zb * (EXT - 1);
        else
          mv = (too_far - zb) / 2;
        end
      elseif too_far > -0.5 && mv + zb > too_far
        mv = (too_far - zb) / 2;
      elseif too_far < -0.5 && mv + zb > zb * EXT
        mv = zb * (EXT - 1);
      elseif mv < -zc * INT
        mv = -zc * INT;
      elseif too_far > -0.5 && mv < (too_far - zb) * (1 - INT)
        mv = (too_far - zb) * (1 - INT);
      end
      fc = fb;  sc = sb;  zc = -mv;
      zb = zb + mv;  x = x + mv * dir;
      [fb, gb] = fun(x);  nevals = nevals + 1;  left = left - 1;  sb = gb' * dir;
    end

    if ok
      fa = fb;  costs(end + 1, 1) = fa;
      dir = ((gb' * gb - ga' * gb) / (ga' * ga)) * dir - gb;        % Polak-Ribiere
      ga = gb;
      new_slope = ga' * dir;
      if new_slope > 0
        dir = -ga;  new_slope = -(dir' * dir);
      end
      step = zb * min(RATIO, slope_a / (new_slope - realmin));
      slope_a = new_slope;
      prev_failed = false;
    else
      x = x_start;  fa = f_start;
      if prev_failed
        break;
      end
      ga = gb;                                   % fmincg restarts from the last gradient seen
      dir = -ga;  slope_a = -(dir' * dir);
      step = 1 / (1 - slope_a);
      prev_failed = true;
    end
  end
end
